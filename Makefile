# Two entry points for a new machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COMPILED := $(VENV)/.compiled
# The scorer's hot path, compiled to C by mypyc (about 1.6x faster); if compiling fails,
# the same modules run as plain Python.
HOT := salesbot/engine/model.py salesbot/engine/text.py salesbot/engine/matcher.py salesbot/engine/structure.py salesbot/engine/facts.py salesbot/engine/opinion.py salesbot/engine/scoring.py

# A second, short pass on the lowest versions pyproject.toml allows (.ci/lowest.txt): the
# tests that exercise the dependencies (storage, config, CLI, text, Telegram, pages).
LOWEST := .venv-lowest
LOWEST_TESTS := tests/test_storage.py tests/test_config.py tests/test_cli.py tests/test_text.py \
	tests/test_locales.py tests/test_chat_training.py tests/test_e2e.py tests/test_reports.py

.PHONY: run test test-lowest lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,fast]'
	touch $(STAMP)

$(COMPILED): $(STAMP) $(HOT)
	@if $(BIN)/mypyc $(HOT) > $(VENV)/mypyc.log 2>&1; then \
		touch salesbot/engine/*.so; \
		echo "compiled the scorer with mypyc"; \
	else \
		echo "mypyc failed (see $(VENV)/mypyc.log): the scorer runs as plain Python"; \
		rm -f salesbot/engine/*.so *__mypyc*.so; \
	fi
	touch $(COMPILED)

run: $(COMPILED)
	$(BIN)/salesbot run $(ARGS)

test: $(COMPILED)
	$(BIN)/ruff check .
	$(BIN)/pytest -q $(ARGS)

test-lowest: $(COMPILED)
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/pip install --quiet --upgrade pip
	$(LOWEST)/bin/pip install --quiet -c .ci/lowest.txt -e '.[test]'
	$(LOWEST)/bin/pytest -q -p no:cacheprovider $(LOWEST_TESTS)

bench: $(COMPILED)
	$(BIN)/python bench/score_bench.py

clean:
	rm -rf $(VENV) $(LOWEST) .pytest_cache .ruff_cache build salesbot/engine/*.so *__mypyc*.so
