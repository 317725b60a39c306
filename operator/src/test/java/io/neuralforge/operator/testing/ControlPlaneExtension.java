package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link ControlPlane}, its {@link KubernetesClient} and a {@link TestNamespace}. The
 * control plane lives in the root store, so it starts once per test run and is closed (and stopped,
 * if it was started here) when the run ends.
 */
public final class ControlPlaneExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ControlPlaneExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ControlPlane.class
        || type == KubernetesClient.class
        || type == TestNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ControlPlane plane = controlPlane(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == ControlPlane.class) {
      return plane;
    }
    if (type == KubernetesClient.class) {
      return plane.client();
    }
    return context
        .getStore(STORE)
        .getOrComputeIfAbsent(
            "namespace", k -> createNamespace(plane, context), TestNamespace.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestNamespace namespace = context.getStore(STORE).remove("namespace", TestNamespace.class);
    if (namespace != null) {
      controlPlane(context).client().namespaces().withName(namespace.name()).delete();
    }
  }

  static ControlPlane controlPlane(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(STORE)
        .getOrComputeIfAbsent("control-plane", k -> new Started(start()), Started.class)
        .plane();
  }

  private static ControlPlane start() {
    try {
      return ControlPlane.startOrReuse();
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not start or reach the control plane: " + e.getMessage(), e);
    }
  }

  /** A test's own namespace, enforcing Pod Security "restricted" as our users' clusters do. */
  private static TestNamespace createNamespace(ControlPlane plane, ExtensionContext context) {
    String test = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    String name =
        (test.length() > 40 ? test.substring(0, 40) : test)
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    return TestNamespace.create(plane.client(), name);
  }

  /** Closes the control plane when the root store closes, at the end of the test run. */
  private record Started(ControlPlane plane) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      plane.close();
    }
  }
}
