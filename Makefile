# Two commands do the whole set-up on a fresh machine:
#   make serve  — build the demo site with search and serve it on http://127.0.0.1:8000
#   make test   — run all tests (engine, build, headless Chromium)
# make test-fast runs the engine's own tests only (no browser, no site build): under a minute.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Settings of a developer's shell that change how Python and pytest behave: an ordinary
# machine has none of them, so the commands below run without them wherever they are started.
unexport PYTHONUNBUFFERED PYTHONDONTWRITEBYTECODE PYTHONPATH PYTHONHOME PYTHONSTARTUP \
	PYTHONSAFEPATH PYTHONWARNINGS PYTHONNOUSERSITE PYTHONUSERBASE VIRTUAL_ENV \
	PYTEST_ADDOPTS PYTEST_PLUGINS PYTEST_DISABLE_PLUGIN_AUTOLOAD PYTEST_TIMEOUT

.PHONY: serve build test test-fast check bench screenshots clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/imc serve

build: $(STAMP)
	$(VENV)/bin/imc build

check: $(STAMP)
	$(VENV)/bin/imc check

# Debian packages the tests use (chromium, nginx, tesseract, poppler, antiword): installed once,
# the script returns at once when they are there
test: $(STAMP)
	@bash .ci/install-chromium
	$(PY) -m pytest -n 2 -q

test-fast: $(STAMP)
	@bash .ci/install-chromium
	$(PY) -m pytest -n 2 -q -m "not browser and not site"

# make bench [BENCH_ARGS="--quick" | BENCH_ARGS="--n 1000"]: results in bench/RESULTS.md
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

# make screenshots: pictures of the real editor and site for the guide in docs/spravka/img/
screenshots: $(STAMP)
	@command -v chromium >/dev/null 2>&1 || bash .ci/install-chromium
	$(PY) tools/guide_screenshots.py

clean:
	rm -rf site .cache
