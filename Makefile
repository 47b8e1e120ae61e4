# saraban — two commands: `make demo` and `make test`. Both install what is missing first.

SWIFT        ?= swift
EXAMPLE      := Examples/ita-measures-tak2-2566.yaml
# Pango and Cairo to build with; Laksaman, the stand-in for TH Sarabun; DejaVu, a font without Thai for
# the tests; poppler-utils, qpdf and mupdf-tools to check PDFs as a reader would; NSS's certutil, openssl and
# pyHanko to make a test PKI and check signatures independently; libcurl's header for the time-stamp client
# (libcurl itself is loaded only when a time-stamp server is asked); PDFBox Preflight (with the activation and JAXB
# jars) to validate PDF/A-1b, and icc-profiles-free for the sRGB profile every PDF/A file carries.
APT_PACKAGES := pkg-config libpango1.0-dev libcairo2-dev zlib1g-dev libcurl4-openssl-dev fonts-tlwg-laksaman fonts-dejavu-core \
                poppler-utils qpdf mupdf-tools libnss3-tools openssl python3-pip \
                libpdfbox2-java libactivation-java libjaxb-api-java icc-profiles-free curl unzip
# What only the tests need: a real browser for the web page's tests (driven by Playwright, from pip); fontTools
# (from pip) renames the .otf build of Laksaman for the test of fonts with PostScript outlines.
TEST_APT_PACKAGES := chromium
PIP_PACKAGES := jsonschema pyyaml pyhanko pyhanko-cli pikepdf playwright fonttools
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build demo test asan bench profile fuzz corpus corpus-report install clean

all: build

## deps: install the Debian packages and Python modules that are missing (apt-get, pip)
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@(python3 -c "import jsonschema, yaml, pyhanko, pikepdf, playwright, fontTools" 2>/dev/null && command -v pyhanko >/dev/null) \
	  || python3 -m pip install -q $(PIP_PACKAGES) || python3 -m pip install -q --break-system-packages $(PIP_PACKAGES)

## build: the saraban command, optimised, at .build/release/saraban (and saraban-serve, the web server that
## `saraban serve` runs). Swift's runtime and Foundation are linked
## in (--static-swift-stdlib): a fresh process then finishes about 10 ms sooner, and a batch runs 5–10% faster.
## A generic type's metadata (a Dictionary of our own keys, say) is asked for by its accessor, with the conformances
## the compiler already knows, instead of by its mangled name, which makes the runtime search all 7,300 conformance
## records of the binary for each new type: 19 M fewer instructions in a cold render, about 4% of its time.
RELEASE      := -c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
build: deps
	$(SWIFT) build $(RELEASE) --product saraban
	$(SWIFT) build $(RELEASE) --product saraban-serve

## demo: render the bundled examples (the measures report, the memo that submits it, the letter that sends it, the
## order that appoints the working group, the announcement that publishes the measures) into out/, and a central
## office's batch of 36 offices, each with its own analysis (Examples/batch/), into out/batch/
demo: build
	@mkdir -p out
	.build/release/saraban render $(EXAMPLE) -o out/ita-measures-tak2-2566.pdf
	.build/release/saraban render Examples/memo-measures-approval.yaml -o out/memo-measures-approval.pdf
	.build/release/saraban render Examples/letter-measures-to-nacc.yaml -o out/letter-measures-to-nacc.pdf
	.build/release/saraban render Examples/order-ita-working-group.yaml -o out/order-ita-working-group.pdf
	.build/release/saraban render Examples/announcement-ita-measures.yaml -o out/announcement-ita-measures.pdf
	.build/release/saraban batch Examples/batch/template.yaml --table Examples/batch/offices.xlsx -o out/batch
	@echo "The PDFs are in out/. The web page: run  .build/release/saraban serve  and open http://127.0.0.1:8080/ in a browser."

## test: every test (decoding, scoring, layout, and the PDFs checked with pdftotext, pdffonts, qpdf, mutool)
test: deps
	@dpkg -s $(TEST_APT_PACKAGES) >/dev/null 2>&1 || (echo "installing: $(TEST_APT_PACKAGES)"; $(SUDO) apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(TEST_APT_PACKAGES))
	$(SWIFT) build --build-tests
	$(SWIFT) test

## asan: the tests under AddressSanitizer and LeakSanitizer (third-party leaks suppressed, see the file)
asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt $(SWIFT) test --sanitize=address

## bench: documents per second, milliseconds per document and peak memory (release build; a benchmark, not a test)
## Typst (pip install typst) is the reference it measures saraban against, in the same run; without it, that part is skipped.
bench: build
	@python3 -c "import typst" 2>/dev/null || python3 -m pip install -q typst 2>/dev/null \
	  || python3 -m pip install -q --break-system-packages typst 2>/dev/null || echo "typst could not be installed: its comparison is skipped"
	python3 Benchmarks/bench.py .build/release/saraban

## profile: where the work goes, in instructions counted by valgrind's callgrind (repeatable, unlike timings)
profile: build
	@command -v valgrind >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq valgrind; }
	python3 Benchmarks/profile.py .build/release/saraban

## fuzz: mutate the example data and PDFs for FUZZ_SECONDS each (default 60) and feed them to the decoder and the
## PDF reader; a crash leaves its input in fuzz-out/TARGET-current (keep it in Tests/Fixtures/fuzz/TARGET/)
FUZZ_SECONDS ?= 60
FUZZ_SEED    ?= 1
fuzz: deps
	$(SWIFT) build $(RELEASE) --product saraban-fuzz
	$(SWIFT) build $(RELEASE) --product saraban
	@mkdir -p fuzz-out
	SARABAN_HOME=$(CURDIR) .build/release/saraban render $(EXAMPLE) -o fuzz-out/seed.pdf -q
	SARABAN_HOME=$(CURDIR) .build/release/saraban-fuzz data $(FUZZ_SECONDS) $(EXAMPLE) $(KINDS:%=Examples/*%*.yaml) Tests/Fixtures/fuzz/data/* --seed $(FUZZ_SEED)
	SARABAN_HOME=$(CURDIR) .build/release/saraban-fuzz pdf $(FUZZ_SECONDS) fuzz-out/seed.pdf Tests/Fixtures/fuzz/pdf/* --seed $(FUZZ_SEED)

## corpus: CORPUS_COUNT documents (default 60) written like the measures report and CORPUS_KINDS (default 40)
## memos, letters, orders and announcements, never seen by the engine, into corpus/ (seeded: the same on every
## machine; CORPUS_SEED changes them)
CORPUS_COUNT ?= 60
CORPUS_KINDS ?= 40
CORPUS_SEED  ?= 12
corpus:
	python3 Tests/corpus.py corpus $(CORPUS_COUNT) --seed=$(CORPUS_SEED) --kinds=$(CORPUS_KINDS)

## corpus-report: render the corpus and the example, measure every PDF as a reader would (Tests/measure_pdf.py)
## and print the totals against the targets
KINDS = memo letter order announcement
corpus-report: build corpus
	@rm -rf corpus/pdf; mkdir -p corpus/pdf $(KINDS:%=corpus/pdf/%)
	@failed=0; for f in corpus/*.yaml $(EXAMPLE) $(KINDS:%=corpus/%/*.yaml); do \
	  kind=$$(basename $$(dirname $$f)); case " $(KINDS) " in *" $$kind "*) to=corpus/pdf/$$kind;; *) to=corpus/pdf;; esac; \
	  .build/release/saraban render $$f -o $$to/$$(basename $${f%.yaml}).pdf -q >/dev/null 2>$$to/$$(basename $${f%.yaml}).log \
	    || { failed=$$((failed + 1)); echo "failed: $$f ($$to/$$(basename $${f%.yaml}).log)"; }; \
	done; echo "render failures: $$failed"
	@echo "measures reports:"
	@python3 Tests/measure_pdf.py Layouts/ita-measures.yaml --totals corpus/pdf/*.pdf | python3 Tests/corpus_targets.py
	@echo "memos, letters, orders and announcements, each measured with its own layout:"
	@python3 Tests/measure_pdf.py --totals $(foreach k,$(KINDS),--layout Layouts/$(k).yaml corpus/pdf/$(k)/*.pdf) | python3 Tests/corpus_targets.py

## install: the command and its layouts, frameworks and fonts under PREFIX (default /usr/local)
PREFIX ?= /usr/local
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/saraban
	install -m 755 .build/release/saraban .build/release/saraban-serve $(DESTDIR)$(PREFIX)/bin/
	cp -r Layouts Frameworks Fonts $(DESTDIR)$(PREFIX)/share/saraban/
	install -d $(DESTDIR)$(PREFIX)/share/saraban/Sources/SarabanWeb
	cp -r Sources/SarabanWeb/Page $(DESTDIR)$(PREFIX)/share/saraban/Sources/SarabanWeb/

clean:
	rm -rf .build out fuzz-out corpus
