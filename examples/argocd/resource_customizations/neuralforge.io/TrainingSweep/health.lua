-- Argo CD health of a NeuralForge TrainingSweep: Succeeded is Healthy (with the best run), Failed
-- Degraded (InvalidParameter, AllRunsFailed), anything else Progressing with the runs finished.
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
  local best = status.best
  hs.message = best and ("Best run " .. tostring(best.run) .. ": " .. tostring(best.value)) or "Succeeded"
elseif status.phase == "Failed" then
  local c = condition("Failed")
  hs.status = "Degraded"
  hs.message = c and ((c.reason or "Failed") .. ": " .. (c.message or "")) or "Failed"
else
  local c = condition("Running")
  hs.status = "Progressing"
  hs.message = tostring(status.phase or "Pending") .. ((c and c.message and c.message ~= "") and (": " .. c.message) or "")
end
return hs
