# Pelican-quickstart's targets and variables, plus the scene renderer and tests.
# Every target sets up what it needs and nothing more on first use (`make html`:
# the build; `make publish`: the build and the gate's Java checker; `make test`:
# all that, plus Chromium and the test tools); later runs find their stamps and
# go straight to work.

# The Python the venv is built with: the first of python3.13, python3.12,
# python3.11, python3 whose version is in pyproject.toml's requires-python
# (pipeline/setup.sh says which it looked for when none is). PY=/path/to/python3.N
# picks one; it is checked the same way. Looked up once, when first used (make
# targets that set nothing up never ask); an empty PY makes the venv's recipe look
# again, so a Python that the system set-up has just installed is found.
PY?=$(eval PY:=$(shell pipeline/setup.sh python 2>/dev/null))$(PY)
VENV?=$(CURDIR)/.venv
PYTHON=$(VENV)/bin/python

BASEDIR=$(CURDIR)
INPUTDIR=$(BASEDIR)/content
OUTPUTDIR=$(BASEDIR)/output
CONFFILE=$(BASEDIR)/pelicanconf.py
PUBLISHCONF=$(BASEDIR)/publishconf.py

# Scene quality: draft (854x480 15 fps), publish (1920x1080 60 fps), test (tiny).
QUALITY?=draft
# Themes the scenes render in: empty means every theme (dark,light); THEMES=dark
# renders one for a quick draft. make publish always renders every theme.
THEMES?=
# Render workers; empty means one per core.
JOBS?=
# Past one machine (README, "Rendering on a Dask cluster"). RENDER_CLUSTER: a Dask
# scheduler's address (tcp://scheduler:8786) or `local` (a LocalCluster of JOBS workers
# here); RENDER_CACHE: a render cache every machine shares (a folder, s3://..., gs://...).
# Empty: render on this machine's cores into .cache/scenes only, as always.
RENDER_CLUSTER?=
RENDER_CACHE?=
# Seconds a scene may render before it is stopped (0: never). Empty: five times its
# last render at the quality, at least 1 min (test), 2 min (draft), 10 min (publish).
SCENE_TIME_LIMIT?=
RENDER_OPTIONS=$(if $(RENDER_CLUSTER),--render-cluster "$(RENDER_CLUSTER)") \
	$(if $(RENDER_CACHE),--render-cache "$(RENDER_CACHE)") \
	$(if $(SCENE_TIME_LIMIT),--scene-time-limit "$(SCENE_TIME_LIMIT)")
PORT?=8000
# Where `make serve` and `make devserver` listen: this machine only (127.0.0.1) unless
# BIND opens it (BIND=0.0.0.0: every interface, for a phone on the same network). An
# empty BIND (set but blank in the environment) is loopback too, never "every interface".
BIND?=127.0.0.1
SERVE_BIND=$(or $(strip $(BIND)),127.0.0.1)

# As in pelican-quickstart: PELICANOPTS are further options for the build (Pelican's,
# mapped where they mean something: `python -m pipeline.build --help`); DEBUG=1 adds -D
# (Pelican's debug log), RELATIVE=1 --relative-urls. `override` so that they add to a
# PELICANOPTS given on the command line too.
PELICANOPTS?=
DEBUG?=0
ifeq ($(DEBUG), 1)
	override PELICANOPTS += -D
endif
RELATIVE?=0
ifeq ($(RELATIVE), 1)
	override PELICANOPTS += --relative-urls
endif

# Publishing. SITEURL: the site's absolute URL (default: publishconf.py's).
# DEPLOY: github or rsync (make publish builds and checks only, unless given).
# PUBLISH_REMOTE / PUBLISH_BRANCH: the git remote (name or URL) and branch for github;
# PUBLISH_CNAME: a custom domain written to CNAME; RSYNC_TARGET: host:/path or folder;
# PRECOMPRESS=1: also write .gz and .br copies.
SITEURL?=
DEPLOY?=
PUBLISH_REMOTE?=origin
PUBLISH_BRANCH?=gh-pages
PUBLISH_CNAME?=
RSYNC_TARGET?=
PRECOMPRESS?=
PUBLISH_QUALITY=$(if $(filter file,$(origin QUALITY)),publish,$(QUALITY))
PUBLISH=RENDER_CLUSTER="$(RENDER_CLUSTER)" RENDER_CACHE="$(RENDER_CACHE)" \
	SCENE_TIME_LIMIT="$(SCENE_TIME_LIMIT)" \
	$(PYTHON) -m pipeline.publish --content "$(INPUTDIR)" --output "$(OUTPUTDIR)" \
	--settings "$(PUBLISHCONF)" --quality $(PUBLISH_QUALITY) $(if $(JOBS),--jobs $(JOBS)) \
	$(if $(SITEURL),--siteurl "$(SITEURL)") $(if $(filter-out 0,$(PRECOMPRESS)),--precompress) \
	--remote "$(PUBLISH_REMOTE)" --branch "$(PUBLISH_BRANCH)" \
	$(if $(PUBLISH_CNAME),--cname "$(PUBLISH_CNAME)") \
	$(if $(RSYNC_TARGET),--rsync-target "$(RSYNC_TARGET)")

STAMPS=$(BASEDIR)/.cache/setup
BUILD=$(PYTHON) -m pipeline.build --content "$(INPUTDIR)" --output "$(OUTPUTDIR)" \
	--quality $(QUALITY) $(if $(JOBS),--jobs $(JOBS)) $(if $(THEMES),--themes $(THEMES)) \
	$(RENDER_OPTIONS)

.DEFAULT_GOAL := help

help:
	@echo 'Makefile for the neural-network article site'
	@echo ''
	@echo 'Usage:'
	@echo '   make html          set up if needed, render scenes, (re)generate output/'
	@echo '   make test          set up (with test needs) and run the whole test suite'
	@echo '   make scenes        render the scenes content/ refers to (QUALITY=...)'
	@echo '   make clean         remove the generated files'
	@echo '   make regenerate    regenerate files upon modification'
	@echo '   make serve [PORT=8000]      serve site at http://localhost:8000 (BIND=0.0.0.0: to the network)'
	@echo '   make devserver [PORT=8000]  serve and regenerate together; open pages reload'
	@echo '   make publish       generate using production settings, check, [DEPLOY=github|rsync]'
	@echo '   make github        publish, then push output/ to PUBLISH_BRANCH of PUBLISH_REMOTE'
	@echo '   make rsync_upload  publish, then rsync output/ to RSYNC_TARGET'
	@echo '   make expected      rewrite the expected whole-site test output on purpose'
	@echo '   make frames        rewrite the stored scene frames (tests/scenes/frames) on purpose'
	@echo '   make lint          ruff'
	@echo ''
	@echo 'Variables: INPUTDIR OUTPUTDIR CONFFILE PUBLISHCONF QUALITY JOBS PORT BIND'
	@echo '   set-up: PY (a Python 3.11 to 3.13; default: the newest found) VENV (default: .venv)'
	@echo '   html, regenerate, devserver: DEBUG=1 (Pelican debug log), RELATIVE=1 (relative urls),'
	@echo '   PELICANOPTS="-v -e KEY=JSON --ignore-cache ..." (python -m pipeline.build --help)'
	@echo '   publishing: SITEURL DEPLOY PUBLISH_REMOTE PUBLISH_BRANCH PUBLISH_CNAME RSYNC_TARGET PRECOMPRESS'
	@echo '   html, scenes, publish: RENDER_CLUSTER=tcp://scheduler:8786|local (Dask),'
	@echo '   RENDER_CACHE=/shared/folder|s3://bucket/renders (a render cache every machine shares),'
	@echo '   SCENE_TIME_LIMIT=seconds (stop a scene that renders longer; default: scaled from its last render)'

# --- Set-up: system packages, the venv, node packages; each done once. ---
# System and node stamps are the clone's; a venv's stamps are its own (by path), so
# VENV=... (the suite under another Python, say) builds that venv on first use.
PYTHON_STAMPS=$(STAMPS)/venv$(subst /,_,$(abspath $(VENV)))
# npm never runs install scripts here: nothing used needs one, and vnu-jar's would
# download a Java runtime from GitHub on a machine without Java.
NPM_CI=npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

$(STAMPS)/system-html: pipeline/setup.sh
	@PY="$(PY)" pipeline/setup.sh html
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system-publish: pipeline/setup.sh
	@pipeline/setup.sh publish
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/system-test: pipeline/setup.sh
	@PY="$(PY)" pipeline/setup.sh test
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/system-html $(STAMPS)/system-publish

$(PYTHON_STAMPS)/html: pyproject.toml | $(STAMPS)/system-html
	@test -x "$(PYTHON)" || { python=$$(pipeline/setup.sh python $(PY)) && \
		echo "creating $(VENV) with $$python" && "$$python" -m venv "$(VENV)"; }
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e .
	@mkdir -p $(PYTHON_STAMPS) && touch $@

$(PYTHON_STAMPS)/test: pyproject.toml $(PYTHON_STAMPS)/html
	$(PYTHON) -m pip install --quiet -e '.[test]'
	@touch $@

# dependencies: what the build uses (KaTeX, Pagefind); devDependencies: the checks
# (vnu-jar for the publish gate and the tests, axe-core for the tests).
$(STAMPS)/node-html: package.json package-lock.json | $(STAMPS)/system-html
	$(NPM_CI) --omit=dev
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/node-checks: package.json package-lock.json | $(STAMPS)/system-publish
	$(NPM_CI)
	@touch $@ $(STAMPS)/node-html

# With RENDER_CLUSTER or RENDER_CACHE set (command line or environment), the targets
# that render get Dask and fsspec too (the cluster extra); without them, neither.
$(PYTHON_STAMPS)/cluster: pyproject.toml $(PYTHON_STAMPS)/html
	$(PYTHON) -m pip install --quiet -e '.[cluster]'
	@touch $@
CLUSTER_SETUP=$(if $(strip $(RENDER_CLUSTER)$(RENDER_CACHE)),$(PYTHON_STAMPS)/cluster)

setup-python: $(PYTHON_STAMPS)/html
setup: setup-python $(STAMPS)/node-html $(CLUSTER_SETUP)
setup-publish: setup-python $(STAMPS)/system-publish $(STAMPS)/node-checks $(CLUSTER_SETUP)
setup-test: $(STAMPS)/system-test $(PYTHON_STAMPS)/test $(STAMPS)/node-checks

# --- The site ---
html: setup
	$(BUILD) --settings "$(CONFFILE)" $(PELICANOPTS)

scenes: setup
	$(PYTHON) -m pipeline.build_scenes --content "$(INPUTDIR)" --quality $(QUALITY) \
		$(if $(JOBS),--jobs $(JOBS)) $(if $(THEMES),--themes $(THEMES)) $(RENDER_OPTIONS)

clean:
	[ ! -d "$(OUTPUTDIR)" ] || rm -rf "$(OUTPUTDIR)"

# Like `pelican -r`, but through the whole build: a changed scene re-renders too.
regenerate: setup
	$(PYTHON) -m pipeline.serve --watch --no-serve --content "$(INPUTDIR)" \
		--output "$(OUTPUTDIR)" --settings "$(CONFFILE)" --quality $(QUALITY) \
		$(if $(JOBS),--jobs $(JOBS)) -- $(PELICANOPTS)

# Only the venv's Python: no renders, no node packages (no output/ yet: it says so).
serve: setup-python
	$(PYTHON) -m pipeline.serve --output "$(OUTPUTDIR)" --port $(PORT) --bind $(SERVE_BIND)

devserver: setup
	$(PYTHON) -m pipeline.serve --watch --content "$(INPUTDIR)" --output "$(OUTPUTDIR)" \
		--settings "$(CONFFILE)" --quality $(QUALITY) $(if $(JOBS),--jobs $(JOBS)) \
		--port $(PORT) --bind $(SERVE_BIND) -- $(PELICANOPTS)

# Build with publishconf.py, gate the result, swap it into output/, and deploy only
# when DEPLOY (or the target) says where. Scenes render at publish quality unless
# QUALITY is given on the command line or in the environment. Its set-up is the
# build's plus the gate's HTML checker (Java, npm's vnu-jar) and rsync and git for
# deploys: no browser, no test tools.
publish: setup-publish
	$(PUBLISH) $(if $(DEPLOY),--deploy $(DEPLOY))

github: setup-publish
	$(PUBLISH) --deploy github

rsync_upload: setup-publish
	$(PUBLISH) --deploy rsync

# --- Checks ---
test: setup-test
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pytest -n 2 --dist loadgroup

lint: $(PYTHON_STAMPS)/test
	$(PYTHON) -m ruff check .

expected: setup
	$(PYTHON) -m tests.pipeline.regenerate_expected

# Renders every scene at the test profile (cached like any render) and stores the
# frames that tests/scenes/test_frames.py compares with.
frames: setup
	$(PYTHON) -m tests.scenes.regenerate_frames $(if $(JOBS),--jobs $(JOBS))

.PHONY: help setup setup-python setup-publish setup-test html scenes clean regenerate serve devserver publish github rsync_upload test lint expected frames
