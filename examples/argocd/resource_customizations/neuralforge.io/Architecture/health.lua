-- Argo CD health of a NeuralForge Architecture: Healthy when the operator found the current
-- generation Valid, Degraded when Invalid, Progressing until it has looked at this generation.
local hs = {}
local status = obj.status
local generation = obj.metadata and obj.metadata.generation
if status == nil or status.observedGeneration == nil
    or (generation ~= nil and status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to validate this generation"
  return hs
end
local function conditionMessage(kind)
  if status.conditions ~= nil then
    for _, c in ipairs(status.conditions) do
      if c.type == kind and c.message ~= nil then
        return c.message
      end
    end
  end
  return nil
end
if status.phase == "Valid" then
  hs.status = "Healthy"
  hs.message = "Valid: " .. tostring(status.parameterCount or "?") .. " parameters"
elseif status.phase == "Invalid" then
  hs.status = "Degraded"
  hs.message = conditionMessage("Valid") or "Invalid"
else
  hs.status = "Progressing"
  hs.message = "Phase " .. tostring(status.phase)
end
return hs
