# cloudflare.cni: every command sets itself up. `make test` is what CI runs (.ci/run); `make demo` shows the product.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
BUILD := $(CURDIR)/.build
# ansible-test only runs from a checkout at .../ansible_collections/NAMESPACE/NAME, outside any git work tree
# (inside one it lists files with git): we stage a copy there, in a folder of its own per checkout.
SCRATCH := $(or $(TMPDIR),/tmp)/cloudflare.cni-stage-$(shell echo $(CURDIR) | md5sum | cut -c1-10)
STAGE := $(SCRATCH)/ansible_collections/cloudflare/cni
# ansible-test keeps its sanity venvs and its get-pip cache under ~/.ansible/test and rebuilds a venv it finds
# half-made: two checkouts testing at once would tear down each other's venvs. They share the venvs (a fresh clone
# reuses them) and take turns: ansible-test sanity runs under an exclusive lock on this file.
SANITY_LOCK := $(HOME)/.ansible/test/sanity.lock
# The built tarball is installed here; tests and the demo run the collection as users get it.
COLLECTIONS := $(BUILD)/collections
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/dist/cloudflare-cni-$(VERSION).tar.gz
GET_PIP_CACHE := $(HOME)/.ansible/test/cache/get_pip_24_2.py
LOGS := $(BUILD)/logs
# `make test` runs its stages in these lanes at the same time (tests/utils/stages.py prints each stage's time).
# The ansible-core 2.19 leg of the matrix is left to `units` and `integration`, which run the whole suite on it.
TEST_LANES ?= integration matrix,importer,units sanity,lint,docs
TEST_MATRIX_ENVS ?= py311-ansible2.15,py311-ansible2.16,py311-ansible2.17,py311-ansible2.18
MATRIX_ENVS ?=
MATRIX_JOBS ?= 2
# Inside `make test` the collection is built and installed once, before the stages start (stages.py then sets
# CNI_INSTALLED=1): the stages running at the same time must not rebuild or reinstall what the others are testing.
NEEDS_INSTALL := $(if $(CNI_INSTALLED),venv,install)
NEEDS_BUILD := $(if $(CNI_INSTALLED),venv,build)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_FORCE_COLOR := 0
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

.PHONY: help venv build install stage sanity lint units integration matrix docs test demo benchmark clean

help:
	@echo "make demo   - start the simulator, converge the sample estate twice (cloudflare.cni.site), write the report"
	@echo "make test   - every check CI runs (sanity, lint, units, integration, matrix, docs, galaxy-importer)"
	@echo "make matrix - unit tests and an integration subset on ansible-core 2.15 to 2.19 (tox, one venv each)"
	@echo "make venv | build | install | sanity | lint | units | integration | matrix | docs | docs-lint | importer | ee"
	@echo "make benchmark - requests and wall time of the site playbook, converged and first creation (10 to 1,000 CNIs)"
	@echo "make clean"

venv: $(VENV)/.ready
$(VENV)/.ready: tests/requirements-dev.txt requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r tests/requirements-dev.txt -r requirements.txt
	touch $@

build: venv
	rm -rf $(BUILD)/dist
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD)/dist .

install: build
	rm -rf $(COLLECTIONS)
	$(BIN)/ansible-galaxy collection install --force --offline -p $(COLLECTIONS) $(TARBALL)

stage:
	rm -rf $(STAGE) && mkdir -p $(STAGE)
	tar -c --exclude=./.venv --exclude=./.build --exclude=./.git --exclude=./.tox --exclude=./.ansible --exclude=./tests/output \
	  --exclude='__pycache__' --exclude=./.pytest_cache . | tar -x -C $(STAGE)

$(GET_PIP_CACHE):
	mkdir -p $(dir $@)
	cp tests/utils/get_pip_standin.py $@.tmp$$$$ && mv -f $@.tmp$$$$ $@

sanity: venv stage $(GET_PIP_CACHE)
	cd $(STAGE) && flock $(SANITY_LOCK) $(BIN)/ansible-test sanity --venv --python 3.11 --color no

lint: $(NEEDS_INSTALL)
	$(BIN)/ansible-lint --profile production --offline

# Each pytest run has a temporary folder of its own in the checkout (not one /tmp/pytest-of-USER that every run on
# the machine shares and prunes).
units: $(NEEDS_INSTALL)
	mkdir -p $(BUILD)/tmp
	$(PYTEST) --basetemp=$(BUILD)/tmp/units tests/unit -q

integration: $(NEEDS_INSTALL)
	mkdir -p $(BUILD)/tmp
	$(PYTEST) --basetemp=$(BUILD)/tmp/integration tests/integration -q

# tox.ini: one venv per ansible-core release (.tox/), the collection `make install` built. `make matrix` runs every
# release (MATRIX_JOBS at a time); MATRIX_ENVS=py311-ansible2.15,py311-ansible2.16 picks some.
matrix: $(NEEDS_INSTALL)
	$(BIN)/tox run-parallel --parallel-no-spinner -p $(MATRIX_JOBS) $(if $(MATRIX_ENVS),-e $(MATRIX_ENVS))

docs: $(NEEDS_INSTALL)
	$(BIN)/ansible-doc -t module $$($(BIN)/python -c "import yaml; print(' '.join('cloudflare.cni.' + m for m in yaml.safe_load(open('meta/runtime.yml'))['action_groups']['all']))") > /dev/null
	$(BIN)/antsibull-changelog lint
	$(MAKE) --no-print-directory docs-lint

# Everything CI checks: the collection is built and installed once, then the stages run in lanes at the same time.
# The output ends with every stage's time and every pytest summary line.
test: venv
	MATRIX_ENVS=$(TEST_MATRIX_ENVS) $(BIN)/python tests/utils/stages.py --logs $(LOGS) --before install $(TEST_LANES)

demo: install
	$(BIN)/python tests/utils/demo.py

clean:
	rm -rf $(BUILD) $(VENV) .tox tests/output $(SCRATCH)

benchmark: install
	$(BIN)/python tests/utils/benchmark.py

# --- AWX / execution environments, docs lint and Galaxy import checks -----------------------------------------------
.PHONY: docs-lint importer ee
IMPORTER_VENV := $(BUILD)/venv-importer

# Module and role docs as the Ansible docsite renders them (RST generation, schema, markup, references), from the
# checkout (antsibull-docs copies it into an ansible_collections tree of its own).
docs-lint: venv
	$(BIN)/antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs dependent \
	  --disallow-unknown-collection-refs --check-extra-docs-refs .

# galaxy-importer pins its own ansible-lint, attrs, flake8...: it gets a venv of its own, not .venv.
$(IMPORTER_VENV)/.ready: tests/requirements-importer.txt
	rm -rf $(IMPORTER_VENV)
	$(PYTHON) -m venv $(IMPORTER_VENV)
	$(IMPORTER_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(IMPORTER_VENV)/bin/python -m pip install --quiet -r tests/requirements-importer.txt
	touch $@

# Galaxy's import checks on the built tarball, ansible-test off (tests/utils/galaxy_importer.cfg); any ERROR or
# WARNING in the import log fails.
importer: $(NEEDS_BUILD) $(IMPORTER_VENV)/.ready
	$(IMPORTER_VENV)/bin/python tests/utils/galaxy_importer.py $(TARBALL)

# The execution environment's build context (offline): .build/ee/context, built elsewhere with a container engine.
ee: build
	ANSIBLE_BUILDER=$(BIN)/ansible-builder bash tests/utils/ee_context.sh $(BUILD)/ee $(TARBALL)
	@echo "build the image where a container engine runs: podman build -t cloudflare-cni-ee:$(VERSION) $(BUILD)/ee/context"
