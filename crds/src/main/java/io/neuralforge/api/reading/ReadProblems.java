package io.neuralforge.api.reading;

/**
 * A resource read leniently: when its spec does not fit the classes (an object stored under an
 * older, looser schema), it is read with its metadata alone and says why here, so that one object
 * never stops the informer that lists it.
 */
public interface ReadProblems {
  /** One line naming the field that could not be read; null when the object was read whole. */
  String readProblem();

  void readProblem(String problem);
}
