package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How far training has come. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunProgress {

  /** The epoch in progress (or the last, when done), from 1. */
  public Integer epoch;

  /** The epochs the run trains for. */
  public Integer totalEpochs;

  /** Share of all training steps done, 0 to 100. */
  public Double percent;

  /** Estimated seconds to the end of training. */
  public Long etaSeconds;

  /** The loss of the latest training step. */
  public Double loss;

  /** The L2 norm of the latest training step's gradients (over every parameter), any device. */
  public Double gradientNorm;

  /**
   * Device memory in use on the run's first GPU, in bytes (CUDA's total less free); absent on a
   * CPU.
   */
  public Long gpuMemoryBytes;

  /** When the trainer wrote this. */
  public String updateTime;
}
