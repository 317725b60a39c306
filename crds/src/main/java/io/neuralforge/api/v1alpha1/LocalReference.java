package io.neuralforge.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** A reference to another resource in the same namespace. */
public class LocalReference {

  /** The referenced resource's name. */
  @Required public String name;

  public LocalReference() {}

  public LocalReference(String name) {
    this.name = name;
  }
}
