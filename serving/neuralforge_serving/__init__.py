"""NeuralForge's model server: KServe's model server (v1 and the Open Inference Protocol v2) over
ONNX Runtime, serving one exported model. Run it as ``python -m neuralforge_serving``."""
