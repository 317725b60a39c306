-- Argo CD health of a NeuralForge ModelExport: Succeeded is Healthy, Failed Degraded (with the
-- reason, e.g. ValidationFailed), anything else Progressing.
local hs = {}
local status = obj.status
local generation = obj.metadata and obj.metadata.generation
if status == nil or status.observedGeneration == nil
    or (generation ~= nil and status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe this generation"
  return hs
end
local function condition(kind)
  if status.conditions ~= nil then
    for _, c in ipairs(status.conditions) do
      if c.type == kind then
        return c
      end
    end
  end
  return nil
end
if status.phase == "Succeeded" then
  hs.status = "Healthy"
  local v = status.validation
  hs.message = v and ("Exported, max abs diff " .. tostring(v.maxAbsDiff)) or "Exported"
elseif status.phase == "Failed" then
  local c = condition("Failed")
  hs.status = "Degraded"
  hs.message = c and ((c.reason or "Failed") .. ": " .. (c.message or "")) or "Failed"
else
  -- while Pending, the Running condition says what the export waits for
  local c = condition("Running")
  hs.status = "Progressing"
  hs.message = tostring(status.phase or "Pending") .. ((c and c.message) and (": " .. c.message) or "")
end
return hs
