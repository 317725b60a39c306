# NeuralForge: `make demo` and `make test` are the quick start; both install what they need.
SHELL := /bin/bash
MVN ?= mvn -B -ntp -Dstyle.color=never
EXAMPLES := $(wildcard examples/architectures/*.yaml)

.PHONY: tools build test demo verify generate format soak-pytorch bench bench-train bench-operator bench-quiet run clean cluster-up cluster-down binaries images

tools:
	@hack/ensure-tools.sh

## build: compile, package the CLI and the operator, regenerate CRDs under crds/target/crds,
## and fetch the builtin datasets (Fashion-MNIST, digits, iris) where the trainer finds them
build: tools
	$(MVN) -q package -DskipTests
	@hack/fetch-datasets.sh

## test: every test: unit tests (*Test), then *IT (PyPI's PyTorch and MLflow, S3 and MLflow servers,
## a real control plane, started and stopped here)
test: tools
	@MVN="$(MVN)" hack/test.sh

## images: the operator, trainer and serving images, built here with buildah from the Dockerfiles on
## Debian bases (no registry, no daemon), cached by content under ~/.cache/neuralforge/images
images: tools
	@hack/images.sh

## binaries: build (once per version, cached) the control-plane binaries, the kubelet and
## kube-proxy, kwok and helm
binaries:
	@hack/build-binaries.sh

## cluster-up: the local test cluster (control plane, the real node real-0, kwok's GPU nodes); eval
## its output to use it
cluster-up:
	@hack/cluster-up.sh

## cluster-down: stop exactly what cluster-up started and leave the machine as it found it
cluster-down:
	@hack/cluster-down.sh

## demo: build, validate every example architecture, train the digits MLP here, then install the
## chart on the local cluster and train and export Fashion-MNIST in containers on its real node
demo: build
	@hack/demo.sh

## generate: regenerate the committed CRD YAML from the classes in crds/
generate: build
	cp crds/target/crds/*.yaml crds/
	cp crds/target/crds/*.yaml charts/neuralforge-operator/crds/
	hack/crd-docs.sh > docs/crd-reference.md

## verify: fail when generated files or formatting drift from what is committed
verify: build
	@hack/verify.sh

## format: apply google-java-format to every Java file
format: tools
	$(MVN) -q spotless:apply

## soak-pytorch: PyTorch judges the validator on many more random graphs than make test does
## (GRAPHS, SEED to choose; make test runs 1,200 with a fixed seed)
soak-pytorch: tools
	$(MVN) -q -pl graph -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=PyTorchAgreementIT -Dfailsafe.failIfNoSpecifiedTests=false \
	  -Dneuralforge.torchGraphs=$${GRAPHS:-50000} -Dneuralforge.torchSeed=$${SEED:-$$RANDOM}

## bench: validation (JMH) beside ONNX shape inference of the same ResNet-50 (not part of make test)
bench: tools
	$(MVN) -q -Pbench test -pl graph -am -DskipTests -Dexec.skip=false

## bench-train: LeNet-BN on Fashion-MNIST (the example recipe), ResNet-18 on CIFAR-10-shaped data and
## the LSTM and Transformer examples, here and in PyTorch 2.7.1 eager (the engine's libtorch) on the same
## threads, alternated: samples/s, the ratio, each side's top operators (NETWORKS, ROUNDS, EPOCHS, PROFILE)
bench-train: build
	@hack/bench-train.sh

## bench-operator: the operator's TrainingRun -> Job latency (one at a time, 1,000 at once) beside
## the Job controller's Job -> Pod on the local control plane, and the operator's heap after GC
bench-operator: tools
	@MVN="$(MVN)" hack/bench-operator.sh

## bench-quiet: 300 runs waiting in a Kueue queue without quota, the API server's request counters
## over a quiet minute and the operator's CPU (nothing should be asked while nothing changes)
bench-quiet: tools
	@MVN="$(MVN)" hack/bench-operator.sh quiet

## run: the operator against the current kubeconfig
run: build
	java -cp "operator/target/neuralforge-operator.jar:operator/target/lib/*" io.neuralforge.operator.OperatorMain

clean:
	$(MVN) -q clean
