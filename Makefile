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
STAGE := $(or $(TMPDIR),/tmp)/cloudflare.cni-stage-$(shell echo $(CURDIR) | md5sum | cut -c1-10)/ansible_collections/cloudflare/cni
# The built tarball is installed here; tests and the demo run the collection as users get it.
COLLECTIONS := $(BUILD)/collections
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/dist/cloudflare-cni-$(VERSION).tar.gz
GET_PIP_CACHE := $(HOME)/.ansible/test/cache/get_pip_24_2.py
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_FORCE_COLOR := 0
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

.PHONY: help venv build install stage sanity lint units integration docs test demo benchmark clean

help:
	@echo "make demo   - start the simulator, converge the sample estate twice (cloudflare.cni.site), write the report"
	@echo "make test   - every check CI runs (sanity, lint, units, integration, docs, galaxy-importer)"
	@echo "make venv | build | install | sanity | lint | units | integration | docs | docs-lint | importer | ee"
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
	tar -c --exclude=./.venv --exclude=./.build --exclude=./.git --exclude=./tests/output \
	  --exclude='__pycache__' --exclude=./.pytest_cache . | tar -x -C $(STAGE)

$(GET_PIP_CACHE):
	mkdir -p $(dir $@)
	cp tests/utils/get_pip_standin.py $@

sanity: venv stage $(GET_PIP_CACHE)
	cd $(STAGE) && $(BIN)/ansible-test sanity --venv --python 3.11 --color no

lint: install
	$(BIN)/ansible-lint --profile production --offline

units: install
	$(PYTEST) tests/unit -q

integration: install
	$(PYTEST) tests/integration -q

docs: install
	$(BIN)/ansible-doc -t module $$($(BIN)/python -c "import yaml; print(' '.join('cloudflare.cni.' + m for m in yaml.safe_load(open('meta/runtime.yml'))['action_groups']['all']))") > /dev/null
	$(BIN)/antsibull-changelog lint
	$(MAKE) --no-print-directory docs-lint

test: install sanity lint units integration docs importer
	@echo "make test: every check passed"

demo: install
	$(BIN)/python tests/utils/demo.py

clean:
	rm -rf $(BUILD) $(VENV) tests/output

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
importer: build $(IMPORTER_VENV)/.ready
	$(IMPORTER_VENV)/bin/python tests/utils/galaxy_importer.py $(TARBALL)

# The execution environment's build context (offline): .build/ee/context, built elsewhere with a container engine.
ee: build
	ANSIBLE_BUILDER=$(BIN)/ansible-builder bash tests/utils/ee_context.sh $(BUILD)/ee $(TARBALL)
	@echo "build the image where a container engine runs: podman build -t cloudflare-cni-ee:$(VERSION) $(BUILD)/ee/context"
