package io.neuralforge.operator.testing;

/** The namespace a test owns; deleted after the test. */
public record TestNamespace(String name) {}
