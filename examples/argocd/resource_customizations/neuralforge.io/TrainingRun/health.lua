-- Argo CD health of a NeuralForge TrainingRun: Succeeded is Healthy, Failed Degraded (with the
-- reason), Suspended Suspended, anything else (or a status the operator has not written for this
-- generation yet) Progressing.
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
local phase = status.phase
if phase == "Succeeded" then
  hs.status = "Healthy"
  local accuracy = status.metrics and status.metrics.validationAccuracy
  hs.message = accuracy and ("Succeeded, validation accuracy " .. tostring(accuracy)) or "Succeeded"
elseif phase == "Failed" then
  local c = condition("Failed")
  hs.status = "Degraded"
  hs.message = c and ((c.reason or "Failed") .. ": " .. (c.message or "")) or "Failed"
elseif phase == "Suspended" then
  local c = condition("Suspended")
  hs.status = "Suspended"
  hs.message = (c and c.message) or "Suspended"
else
  hs.status = "Progressing"
  local p = status.progress
  if phase == "Running" and p ~= nil and p.epoch ~= nil then
    hs.message = "Running: epoch " .. tostring(p.epoch) .. "/" .. tostring(p.totalEpochs or "?")
  else
    local c = condition("Scheduled")
    hs.message = tostring(phase or "Pending") .. ((c and c.message) and (": " .. c.message) or "")
  end
end
return hs
