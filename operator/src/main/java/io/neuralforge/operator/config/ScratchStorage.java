package io.neuralforge.operator.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The node disk a trainer or export pod may write, so that one tenant's pod cannot fill a node
 * others share. Its root filesystem is read-only: it writes only to its emptyDirs (/tmp, /cache, an
 * output kept in the pod) and its log, and the kubelet evicts a pod whose emptyDir outgrows its
 * sizeLimit. The container's ephemeral-storage is set only when configured: Kueue does not admit a
 * Job asking for a resource its ClusterQueue does not cover.
 *
 * @param sizeLimit each disk-backed emptyDir's sizeLimit
 * @param request the container's ephemeral-storage request (what the scheduler reserves), or null
 * @param limit the container's ephemeral-storage limit (all its scratch together), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScratchStorage(String sizeLimit, String request, String limit) {
  public static final String DEFAULT_SIZE_LIMIT = "10Gi";

  public ScratchStorage {
    sizeLimit = sizeLimit == null || sizeLimit.isBlank() ? DEFAULT_SIZE_LIMIT : sizeLimit;
    request = request == null || request.isBlank() ? null : request;
    limit = limit == null || limit.isBlank() ? null : limit;
  }

  public static ScratchStorage defaults() {
    return new ScratchStorage(null, null, null);
  }
}
