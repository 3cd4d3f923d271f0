#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that every kernel-named definition in kshim carries a label.

usage: labels_test.py KSHIM_DIR            check the tree; exit 1 on a finding
       labels_test.py KSHIM_DIR --list     also print every definition and its label
       labels_test.py KSHIM_DIR --self-test  check the checker (see self_test())
       labels_test.py KSHIM_DIR --private-headers
                         each kshim/src/*.h declares only what the .cc files it names define

The convention is kshim/README.md's.  A label is a comment whose text starts
with "stub: <why it is safe>", "dup" or "model" (each optionally followed by
": note").  It covers the definitions after it until the next label, or
until a `namespace kshim` block opens (kshim's own code ends a group); a
label written after code on a line covers that line's definition only.
Labels count only outside function and type bodies.

Definitions are looked for
 - in kshim/src/*.cc: functions, variables and types at file scope outside
   namespace kshim (extern "C" blocks do not count as a scope), and
 - in kshim/include/{linux,asm,trace}: function declarations and inline
   definitions, function-like macros, types, variables and macro
   invocations at file scope outside namespace kshim.
Names of kshim's or kctx's own (kshim*, __kshim*, KSHIM*, kctx*) and the
sanitizer runtime's hooks are not kernel names and need no label.
"""

import bisect
import os
import re
import sys
import tempfile

LABEL_RE = re.compile(r'^(stub|dup|model)(?::\s*(.*)|\s*$)', re.S)
OLD_LABEL_RE = re.compile(r'^kshim:\s*(stub|dup|model)\b')
OWN_NAME_RE = re.compile(r'^(_*(kshim|kctx)|_*KSHIM|__(asan|sanitizer|ubsan|lsan)_|main$)')
ATTR_WORDS = {'__printf', '__aligned', '__section', '__must_hold', '__acquires', '__releases',
              '__cond_acquires', 'alignas', 'decltype', '__typeof__', 'typeof', 'sizeof', 'noexcept',
              '__declspec', 'throw'}
STUB_MIN_WORDS = 4


class Comment:
    def __init__(self, start, end, line, end_line, text, trailing, in_directive):
        self.start, self.end = start, end	# offsets in the file
        self.line, self.end_line, self.text = line, end_line, text
        self.trailing = trailing	# code precedes it on its first line
        self.in_directive = in_directive
        self.block = True		# a /* */ comment (labels are never // comments)
        self.kind = None		# stub / dup / model once recognised as a label
        self.note = ''


class Defn:
    def __init__(self, path, line, end_line, what, name):
        self.path, self.line, self.end_line, self.what, self.name = path, line, end_line, what, name
        self.label = None


def comment_text(raw):
    """The words of a comment, without the comment markers and leading stars."""
    body = raw[2:-2] if raw.startswith('/*') else raw[2:]
    lines = [re.sub(r'^\s*\*?\s?', '', l) for l in body.split('\n')]
    return ' '.join(l.strip() for l in lines).strip()


def lex(src):
    """Blank comments, strings and character literals (keeping newlines) and collect the comments.

    Returns (code, comments, directive_lines): code has the same length and
    line structure as src; directive lines (with their continuations) are
    listed by number, 1-based.
    """
    out = list(src)
    comments = []
    i, n, line = 0, len(src), 1
    line_has_code = False
    directive = False
    directive_lines = set()
    while i < n:
        c = src[i]
        if c == '\n':
            if directive and not (i > 0 and src[i - 1] == '\\'):
                directive = False
            line += 1
            line_has_code = False
            i += 1
            if directive:
                directive_lines.add(line)
            continue
        if c in ' \t\r\f\v':
            i += 1
            continue
        if src.startswith('/*', i) or src.startswith('//', i):
            end = src.find('*/', i + 2) + 2 if src.startswith('/*', i) else src.find('\n', i)
            if end < 2 or end == -1:
                end = n
            raw = src[i:end]
            comments.append(Comment(i, end, line, line + raw.count('\n'), comment_text(raw), line_has_code,
                                    directive))
            comments[-1].block = raw.startswith('/*')
            for k in range(i, end):
                if out[k] != '\n':
                    out[k] = ' '
            line += raw.count('\n')
            i = end
            continue
        if c == '#' and not line_has_code:
            directive = True
            directive_lines.add(line)
        if c in '"\'':
            k = i + 1
            while k < n and src[k] != c and src[k] != '\n':
                k += 2 if src[k] == '\\' else 1
            for j in range(i + 1, min(k, n)):
                out[j] = ' '
            line_has_code = True
            i = k + 1
            continue
        line_has_code = True
        i += 1
    return ''.join(out), comments, directive_lines


def strip_balanced(text, opener):
    """Remove every `opener(...)` (balanced parentheses) from text."""
    while True:
        m = re.search(opener + r'\s*\(', text)
        if not m:
            return text
        depth, k = 0, m.end() - 1
        while k < len(text):
            if text[k] == '(':
                depth += 1
            elif text[k] == ')':
                depth -= 1
                if depth == 0:
                    break
            k += 1
        text = text[:m.start()] + ' ' + text[k + 1:]


def top_level(text):
    """text with everything inside () and [] replaced by spaces."""
    out, depth = [], 0
    for ch in text:
        if ch in '([':
            depth += 1
            out.append(ch if depth == 1 else ' ')
        elif ch in ')]':
            out.append(ch if depth == 1 else ' ')
            depth -= 1
        else:
            out.append(ch if depth == 0 else ' ')
    return ''.join(out)


def function_name(head):
    """The name a function-shaped head declares, or None."""
    flat = top_level(head)
    for m in re.finditer(r'\(', flat):
        before = flat[:m.start()].rstrip()
        w = re.search(r'([A-Za-z_][\w:]*)$', before)
        if not w:
            return None
        name = w.group(1)
        if name in ATTR_WORDS:
            continue
        return name
    return None


def classify(head, terminator):
    """What a file-scope statement defines: (kind, name) or None.

    kind is function, prototype, variable, type or invocation.
    """
    h = ' '.join(head.split())
    if not h:
        return None
    h = strip_balanced(h, r'__attribute__')
    h = re.sub(r'\[\[.*?\]\]', ' ', h)
    h = re.sub(r'^extern\s*"\s*"', 'extern', h)
    h = re.sub(r'^template\s*<[^{;]*?>\s*(?=[A-Za-z_])', '', h)
    h = ' '.join(h.split())
    if not h or re.match(r'(using|static_assert|namespace)\b', h):
        return None
    if re.match(r'(typedef)\b', h):
        m = re.search(r'\(\s*\*\s*(\w+)\s*\)', h) or re.search(r'(\w+)\s*(\[[^\]]*\])?\s*$', h)
        return ('type', m.group(1) if m else 'typedef') if terminator == ';' else ('type', 'typedef')
    flat = top_level(h)
    eq, par = flat.find('='), flat.find('(')
    if terminator == ';' and re.match(r'(struct|union|enum|class)\s+\w+$', h):
        return None					# a forward declaration
    if eq >= 0 and (par < 0 or eq < par):
        m = re.search(r'([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*$', flat[:eq])
        return ('variable', m.group(1) if m else '?')
    if par >= 0:
        name = function_name(h)
        if not name:
            return None
        if terminator == '{':
            return ('function', name)
        if re.fullmatch(r'[A-Z_][A-Z0-9_]*', name) and re.match(r'((static|extern)\s+)*' + name + r'\b', h):
            arg = re.search(re.escape(name) + r'\s*\(\s*([^,)]*)', h)
            return ('invocation', f'{name}({arg.group(1).strip() if arg else ""})')	# static DEFINE_MUTEX(x)
        return ('prototype', name)
    m = re.match(r'(?:(?:const|volatile|static|inline|constexpr)\s+)*(struct|union|enum(?:\s+class)?|class)\s*(\w*)', h)
    if m and (terminator == '{' or not re.search(r'\w\s*$', h[m.end():])):
        return ('type', m.group(2) or '<anonymous>')
    if h.startswith('extern '):
        m = re.search(r'([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*(,.*)?$', flat)
        return ('extern', m.group(1) if m else '?')
    m = re.search(r'([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*(,.*)?$', flat)
    return ('variable', m.group(1)) if m else None


def split_invocations(head, start):
    """Peel `NAME(...)` macro invocations that end without ';' off the front of a head."""
    found = []
    while True:
        m = re.match(r'\s*([A-Z_][A-Z0-9_]*)\s*\(', head)
        if not m:
            return found, head, start
        depth, k = 0, m.end() - 1
        while k < len(head):
            if head[k] == '(':
                depth += 1
            elif head[k] == ')':
                depth -= 1
                if depth == 0:
                    break
            k += 1
        rest = head[k + 1:]
        if not rest.strip() or rest.lstrip()[0] in ';{=,)':
            return found, head, start
        arg = re.match(r'\s*([^,)]*)', head[m.end():])
        found.append((f'{m.group(1)}({arg.group(1).strip()})', start + m.start(1)))
        start += k + 1
        head = rest


def scan(path, src, header, all_scopes=False):
    """Definitions and labels of one file: (definitions, labels, problems).

    all_scopes: also inside namespace kshim, and kshim's own names too.
    """
    code, comments, dlines = lex(src)
    orig = code.split('\n')
    lines = orig[:]
    defs = []
    # Directives: function-like macros count; the C++ scan sees directives as blank lines.
    for no, text in enumerate(orig, 1):
        if no not in dlines:
            continue
        continued = no - 1 in dlines and orig[no - 2].rstrip().endswith('\\')
        m = re.match(r'\s*#\s*define\s+(\w+)\(', text)
        if m and header and not continued:
            defs.append(Defn(path, no, no, 'macro', m.group(1)))
        lines[no - 1] = ' ' * len(text)
    code = '\n'.join(lines)
    starts = [0] + [k + 1 for k, c in enumerate(code) if c == '\n']

    def line_of(_, pos):
        return bisect.bisect_right(starts, pos)

    scopes = []		# open transparent scopes: ('kshim' | 'ns' | 'externc', first line)
    kshim_spans = []	# (open, close) lines of namespace kshim blocks
    body_spans = []		# (open, close) lines of function, type and initializer bodies
    head_start = 0
    after_body = None	# a type or initializer whose body just closed: its statement ends at ';'
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch not in ';{}':
            i += 1
            continue
        head = code[head_start:i]
        if ch == '}':
            if scopes:
                kind, opened = scopes.pop()
                if kind == 'kshim':
                    kshim_spans.append((opened, line_of(code, i)))
            head_start, after_body = i + 1, None
            i += 1
            continue
        if ch == ';' and after_body is not None and re.fullmatch(r'[\s\w,*\[\]]*', head):
            m = re.search(r'(\w+)\s*$', head)
            if after_body.what == 'type' and after_body.name in ('typedef', '<anonymous>') and m:
                after_body.name = m.group(1)
            head_start, after_body = i + 1, None
            i += 1
            continue
        after_body = None
        file_scope = all_scopes or not any(k == 'kshim' for k, _ in scopes)
        invocations, rest, rest_start = split_invocations(head, head_start)
        for name, pos in invocations:
            if file_scope:
                defs.append(Defn(path, line_of(code, pos), line_of(code, pos), 'invocation', name))
        flat = ' '.join(rest.split())
        if ch == '{' and re.fullmatch(r'namespace kshim', flat):
            scopes.append(('kshim', line_of(code, i)))
        elif ch == '{' and re.fullmatch(r'namespace( \w+)?', flat):
            scopes.append(('ns', line_of(code, i)))
        elif ch == '{' and re.fullmatch(r'extern "\s*"', flat):
            scopes.append(('externc', line_of(code, i)))
        else:
            d = None
            kind = classify(rest, ch)
            if kind and file_scope:
                what, name = kind
                keep = what in ('function', 'variable', 'type', 'invocation') or \
                    (header and what in ('prototype', 'extern'))
                if keep and '::' not in name and not name.startswith('operator'):
                    first = rest_start + len(rest) - len(rest.lstrip())
                    d = Defn(path, line_of(code, first), line_of(code, i), what, name)
                    defs.append(d)
            if ch == '{':
                depth, j = 0, i
                while j < n:
                    if code[j] == '{':
                        depth += 1
                    elif code[j] == '}':
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                body_spans.append((line_of(code, i), line_of(code, j)))
                if not (kind and kind[0] == 'function'):
                    after_body = d if d else Defn(path, 0, 0, '?', '')
                head_start = i = j + 1
                continue
        head_start = i + 1
        i += 1

    def inside(line, spans):
        return any(a < line < b for a, b in spans)

    labels, problems = [], []
    for c in comments:
        if inside(c.line, body_spans) or inside(c.line, kshim_spans):
            continue		# labels belong to file-scope kernel definitions
        if OLD_LABEL_RE.match(c.text):
            problems.append(f'{path}:{c.line}: old-style label "{c.text[:40]}": write "stub: ...", "dup" or "model"')
            continue
        m = LABEL_RE.match(c.text)
        if not m or not c.block:
            continue
        c.kind, c.note = m.group(1), (m.group(2) or '').strip()
        if c.kind == 'stub' and len(c.note.split()) < STUB_MIN_WORDS:
            problems.append(f'{path}:{c.line}: a stub label must say why the stub is safe')
        if c.in_directive and not c.trailing:
            continue		# a comment inside a macro body labels nothing
        labels.append(c)

    kshim_opens = [a for a, _ in kshim_spans] + [a for k, a in scopes if k == 'kshim']
    keep = [d for d in defs if all_scopes or d.what == 'invocation' or not OWN_NAME_RE.match(d.name)]
    for d in keep:
        d.label = cover(d, labels, kshim_opens)
    return keep, labels, problems


def cover(d, labels, kshim_opens):
    """The label that covers d, or None."""
    for c in labels:
        if c.trailing and d.line <= c.line <= d.end_line:
            return c
    best = None
    for c in labels:
        if not c.trailing and c.line <= d.line:
            best = c
    if best is None:
        return None
    if any(best.line < k < d.line for k in kshim_opens):
        return None		# kshim's own code in between ends the group
    return best


def files(kshim):
    for sub, header in (('src', False), ('include/linux', True), ('include/asm', True), ('include/trace', True),
                        ('include/kunit', True)):
        root = os.path.join(kshim, sub)
        for dirpath, _, names in sorted(os.walk(root)):
            for n in sorted(names):
                if (header and n.endswith('.h')) or (not header and n.endswith('.cc')):
                    yield os.path.join(dirpath, n), header


def check(kshim, listing=False, out=sys.stdout):
    """Print the findings; return (findings, definitions, stubs)."""
    findings, total, stubs = [], 0, []
    for path, header in files(kshim):
        rel = os.path.relpath(path, os.path.dirname(kshim.rstrip('/')))
        with open(path, encoding='utf-8') as f:
            src = f.read()
        defs, _, problems = scan(rel, src, header)
        findings += problems
        for d in defs:
            total += 1
            if d.label is None:
                findings.append(f'{rel}:{d.line}: {d.name}: kernel-named {d.what} without a stub/dup/model label')
            elif d.label.kind == 'stub':
                stubs.append(f'{rel}:{d.line}: {d.name}: {d.label.note}')
            if listing:
                print(f'{rel}:{d.line}: {d.what} {d.name}: {d.label.kind if d.label else "-"}', file=out)
    for f in findings:
        print(f, file=out)
    return findings, total, stubs


def self_test(kshim):
    """The checker finds what it must and nothing else.

    First on small files that show each shape of definition, labelled and
    not; then on the real tree: removing any label that covers a
    definition must make the check fail at that definition.
    """
    cases = {
        'src/a.cc': ('''
#include "sched.h"
namespace kshim {
static int helper() { return 0; }
} /* namespace kshim */
using namespace kshim;
void unlabelled_fn(void)
{
	helper();
}
/* model: the rest of this section */
noinline void labelled_fn(void) { }
u64 some_var;
namespace kshim {
void own() {}
}
void after_kshim_block(void) { }
extern "C" {
noinline void proto_only(void);
}
extern "C" NO_ASAN noinline void in_extern_c(int t) { }
static DEFINE_MUTEX(unlabelled_lock);
__attribute__((weak)) void weak_fn(struct device *dev) { }	/* stub: the port's definition replaces it whenever one is linked */
struct kernel_type {
	int x;	/* model: inside a body: not a label */
};
int kctx_own_fn(void) { return 0; }
extern "C" const char *__asan_default_options(void) { return ""; }
''', {'unlabelled_fn', 'after_kshim_block', 'in_extern_c', 'DEFINE_MUTEX(unlabelled_lock)', 'kernel_type'}),
        'include/linux/b.h': ('''
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef B_H
#define B_H
#define CONST 1
#define UNLABELLED_MACRO(x) ((x) + \\
	1)
static inline int unlabelled_inline(int x)
{
	return x;
}
/* dup */
#define LABELLED(x) (x)
static inline int labelled_inline(int x) { return x; }
struct page *labelled_proto(unsigned int order);
namespace kshim { bool debug_locks_off(); }
void after_namespace(void);
/* kshim: dup of something */
#define OLD_STYLE(x) (x)
/* stub: too short */
void short_stub(void);
/* model */
__KSHIM_OPS(atomic, atomic_t, int)
static inline void after_invocation(void) { }
extern unsigned long jiffies;
struct timer_list {
	unsigned long expires;
};
typedef struct {
	int counter;
} atomic_t;
unsigned long trailing(void);	/* model: this line only */
void after_trailing(void);
#endif
''', {'UNLABELLED_MACRO', 'unlabelled_inline', 'after_namespace', 'OLD_STYLE'}),
    }
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, 'kshim')
        for rel, (text, _) in cases.items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), 'w') as f:
                f.write(text)
        import io
        buf = io.StringIO()
        findings, _, _ = check(root, out=buf)
        for rel, (text, want) in cases.items():
            defs, _, _ = scan(rel, text, rel.startswith('include/'))
            got = {d.name for d in defs if d.label is None}
            if got != want:
                print(f'self-test: {rel}: unlabelled {sorted(got)}, expected {sorted(want)}')
                ok = False
        joined = '\n'.join(findings)
        for needle in ('old-style label', 'must say why', 'after_kshim_block'):
            if needle not in joined:
                print(f'self-test: expected a finding about {needle!r}')
                ok = False
        c_defs, _, _ = scan('src/a.cc', cases['src/a.cc'][0], False)
        names = {d.name for d in c_defs}
        for must, absent in (('labelled_fn', 'helper'), ('some_var', 'own'), ('weak_fn', 'proto_only'),
                             ('after_kshim_block', 'kctx_own_fn')):
            if must not in names or absent in names:
                print(f'self-test: src/a.cc: expected {must} found and {absent} not')
                ok = False
        h_defs, _, _ = scan('include/linux/b.h', cases['include/linux/b.h'][0], True)
        by = {d.name: d for d in h_defs}
        if 'after_trailing' in by and by['after_trailing'].label is not None and by['after_trailing'].label.trailing:
            print('self-test: a trailing label covered the next line')
            ok = False
        for must in ('labelled_proto', 'LABELLED', 'jiffies', 'timer_list', 'atomic_t', '__KSHIM_OPS(atomic)',
                     'after_invocation'):
            if must not in by:
                print(f'self-test: include/linux/b.h: {must} not found')
                ok = False

    # The real tree, without its labels: every definition must be reported.
    # Then one label at a time: its definitions must become unlabelled (the
    # check fails) or fall back to the label of the group around them.
    def unlabel(src, cs):
        for c in sorted(cs, key=lambda c: -c.start):
            blank = re.sub(r'[^\n]', ' ', src[c.start:c.end])
            src = src[:c.start] + '/*' + blank[2:-2] + '*/' + src[c.end:]
        return src

    files_seen, fails, falls_back = 0, 0, 0
    for path, header in files(kshim):
        with open(path, encoding='utf-8') as f:
            src = f.read()
        defs, labels, _ = scan(path, src, header)
        if not defs:
            continue
        files_seen += 1
        bare, _, _ = scan(path, unlabel(src, labels), header)
        if [(d.line, d.name) for d in bare if d.label is None] != [(d.line, d.name) for d in defs]:
            print(f'self-test: {path}: without labels, not every definition is reported')
            ok = False
        for c in labels:
            covered = [(d.line, d.name) for d in defs if d.label is c]
            if not covered:
                continue
            after, _, _ = scan(path, unlabel(src, [c]), header)
            now = {(d.line, d.name): d.label for d in after}
            if any(now[k] is None for k in covered):
                fails += 1
            elif all(now[k] is not None and not now[k].trailing and now[k].line < c.line for k in covered):
                falls_back += 1
            else:
                print(f'self-test: {path}:{c.line}: removing this label had an unexplained effect')
                ok = False
    if files_seen < 20 or fails < 50:
        print(f'self-test: only {files_seen} files with definitions and {fails} labels whose removal fails '
              f'the check: is the parser blind?')
        ok = False
    print(f'self-test: {"ok" if ok else "FAILED"}: {files_seen} files fail without their labels; of the labels '
          f'removed one at a time, {fails} fail the check and {falls_back} leave their definitions to the '
          f'enclosing group\'s label')
    return ok


def private_headers(kshim, out=sys.stdout):
    """Each kshim/src/*.h declares only what the .cc files it names define.

    Returns the findings.  A header names a file by writing "name.cc".
    """
    src_dir = os.path.join(kshim, 'src')
    defined = {}		# name -> files defining a function or variable of that name
    for n in sorted(os.listdir(src_dir)):
        if n.endswith('.cc'):
            with open(os.path.join(src_dir, n), encoding='utf-8') as f:
                for d in scan(n, f.read(), False, all_scopes=True)[0]:
                    if d.what in ('function', 'variable'):
                        defined.setdefault(d.name, set()).add(n)
    findings, declared = [], 0
    for n in sorted(os.listdir(src_dir)):
        if not n.endswith('.h'):
            continue
        with open(os.path.join(src_dir, n), encoding='utf-8') as f:
            text = f.read()
        named = set(re.findall(r'\b([a-z_]+\.cc)\b', text))
        if not named:
            findings.append(f'kshim/src/{n}:1: names no .cc file its declarations come from')
        for d in scan(n, text, True, all_scopes=True)[0]:
            if d.what not in ('prototype', 'extern'):
                continue
            declared += 1
            where = defined.get(d.name, set())
            if not where & named:
                findings.append(f'kshim/src/{n}:{d.line}: {d.name} is defined in '
                                f'{", ".join(sorted(where)) or "no runtime file"}, which the header does not name')
    for f in findings:
        print(f, file=out)
    if declared < 50:
        findings.append(f'private headers: only {declared} declarations found; the parser is broken')
    print(f'private headers: {declared} declarations, {len(findings)} findings', file=out)
    return findings


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    kshim = argv[1]
    if '--self-test' in argv:
        return 0 if self_test(kshim) else 1
    if '--private-headers' in argv:
        return 1 if private_headers(kshim) else 0
    findings, total, stubs = check(kshim, listing='--list' in argv)
    # The parser must see the tree: a blind checker would pass anything.
    if total < 300:
        print(f'labels: only {total} kernel-named definitions found in {kshim}; the checker is broken')
        return 1
    print(f'labels: {total} kernel-named definitions, {len(findings)} findings, {len(stubs)} stubs')
    for s in stubs:
        print(f'  stub {s}')
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
