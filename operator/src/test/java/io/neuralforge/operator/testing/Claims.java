package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A PersistentVolumeClaim bound to a volume of its own (the control plane has no provisioner): the
 * PV controller binds them, so pods that mount the claim schedule as on a real cluster. The volume
 * is a folder of this machine, which is also the real node, so a test reads what pods wrote there.
 */
public final class Claims {
  private Claims() {}

  /** The claim, and its volume's folder on the real node (writable by the non-root pods). */
  public static Path create(ControlPlane plane, String namespace, String claim) throws IOException {
    String volume = namespace + "-" + claim;
    Path folder = plane.volumes().resolve(volume);
    Files.createDirectories(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    KubernetesClient client = plane.client();
    client
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(volume)
                .addToLabels("neuralforge.io/test", "true")
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("manual")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath()
                .withPath(folder.toString())
                .endHostPath()
                .withNewClaimRef()
                .withNamespace(namespace)
                .withName(claim)
                .endClaimRef()
                .endSpec()
                .build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(claim)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("manual")
                .withVolumeName(volume)
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    return folder;
  }
}
