package io.neuralforge.operator.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the real control plane: {@link ControlPlaneExtension} starts it once
 * per test run (or reuses the one hack/cluster-up.sh started before, never KUBECONFIG's), applies
 * {@code crds/*.yaml}, and hands each test a fresh namespace of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ControlPlaneExtension.class)
public @interface RealCluster {}
