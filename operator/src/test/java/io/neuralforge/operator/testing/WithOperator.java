package io.neuralforge.operator.testing;

import io.javaoperatorsdk.operator.Operator;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * With {@link RealCluster}: the operator, as OperatorMain assembles it with default settings, runs
 * for the test class (started before its first test, stopped after its last).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WithOperator.Extension.class)
public @interface WithOperator {
  /** Starts and stops the operator around the test class. */
  final class Extension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace STORE =
        ExtensionContext.Namespace.create(WithOperator.class);

    @Override
    public void beforeAll(ExtensionContext context) {
      Operator operator = TestOperator.start(ControlPlaneExtension.controlPlane(context).client());
      context.getStore(STORE).put("operator", operator);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      context.getStore(STORE).remove("operator", Operator.class).stop();
    }
  }
}
