# Two entry points for a new machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COMPILED := $(VENV)/.compiled
# The scorer's hot path, compiled to C by mypyc (about 1.6x faster); if compiling fails,
# the same modules run as plain Python.
HOT := salesbot/engine/text.py salesbot/engine/matcher.py salesbot/engine/structure.py salesbot/engine/facts.py salesbot/engine/scoring.py

.PHONY: run test lint bench clean

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

bench: $(COMPILED)
	$(BIN)/python bench/score_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build salesbot/engine/*.so *__mypyc*.so
