package io.neuralforge.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilderTest;
import org.junit.jupiter.api.Test;

/** After a 409, what exists is taken only when the same owner, by uid, controls it. */
class CreateOnceTest {

  /** The run's snapshot, controlled by the run of uid {@code ownerUid} (null: no owner). */
  private static ConfigMap snapshot(String ownerUid) {
    ConfigMapBuilder map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("r1-graph-0123456789")
            .withNamespace("team-a")
            .endMetadata();
    if (ownerUid != null) {
      TrainingRun owner = TrainerJobBuilderTest.run("");
      owner.getMetadata().setUid(ownerUid);
      map.editMetadata().addToOwnerReferences(Owners.ownedBy(owner)).endMetadata();
    }
    return map.build();
  }

  @Test
  void theSameOwnersObjectIsTakenAsItIs() {
    ConfigMap existing = snapshot("uid-new");
    assertThat(CreateOnce.adoptable(snapshot("uid-new"), existing)).isSameAs(existing);
  }

  @Test
  void anEarlierNamesakesObjectIsNeverAdoptedAndTheMessageSaysWhoseItIs() {
    assertThatThrownBy(() -> CreateOnce.adoptable(snapshot("uid-new"), snapshot("uid-old")))
        .isInstanceOf(NameTakenException.class)
        .hasMessage(
            "ConfigMap team-a/r1-graph-0123456789 exists but belongs to another owner (uid"
                + " uid-old, an earlier object of the same name?), not to this one (uid uid-new);"
                + " waiting for the garbage collector to remove it");
    assertThatThrownBy(() -> CreateOnce.adoptable(snapshot("uid-new"), snapshot(null)))
        .isInstanceOf(NameTakenException.class)
        .hasMessageContaining("belongs to no owner");
  }
}
