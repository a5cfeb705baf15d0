#!/usr/bin/env python3
"""Tests of check_layers.py: the real tree is clean, and each kind of problem in a
made-up tree is reported with its file and line."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_layers  # noqa: E402

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

CMAKE = """
emoforget_module(low "${TORCH_LIBRARIES}")
emoforget_module(mid emoforget_low)
emoforget_module(high emoforget_mid)
"""


def make_tree(root, cmake, files):
    with open(os.path.join(root, "CMakeLists.txt"), "w", encoding="utf-8") as f:
        f.write(cmake)
    for rel, text in files.items():
        path = os.path.join(root, "src", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


class CheckLayersTest(unittest.TestCase):
    def problems(self, files, cmake=CMAKE):
        with tempfile.TemporaryDirectory() as root:
            make_tree(root, cmake, files)
            return check_layers.check(root)

    def test_the_source_tree_keeps_its_layers(self):
        self.assertEqual(check_layers.check(REPO), [])

    def test_a_clean_made_up_tree_passes(self):
        files = {
            "low/a.h": "#pragma once\n",
            "mid/b.h": '#include "low/a.h"\n',
            "high/c.cpp": '#include "mid/b.h"\n#include "low/a.h"\n',
            "cli/main.cpp": '#include "mid/b.h"\n',
        }
        self.assertEqual(self.problems(files), [])

    def test_a_lower_module_including_a_higher_one_is_reported(self):
        files = {"low/a.h": '#include "high/c.h"\n', "high/c.h": "#pragma once\n"}
        problems = self.problems(files)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("src/low/a.h:1: module low includes \"high/c.h\"", problems[0])

    def test_a_module_may_not_include_the_cli(self):
        files = {"high/c.cpp": '#include "cli/command.h"\n', "cli/command.h": "#pragma once\n"}
        self.assertIn("includes the CLI", self.problems(files)[0])

    def test_a_module_cycle_is_reported(self):
        cmake = "emoforget_module(low emoforget_mid)\nemoforget_module(mid emoforget_low)\n"
        problems = self.problems({"low/a.h": "\n", "mid/b.h": "\n"}, cmake)
        self.assertTrue(any("module cycle" in p for p in problems), problems)

    def test_an_include_cycle_between_files_is_reported(self):
        files = {"low/a.h": '#include "low/b.h"\n', "low/b.h": '#include "low/a.h"\n'}
        problems = self.problems(files)
        self.assertTrue(any("include cycle" in p for p in problems), problems)

    def test_an_undeclared_folder_and_a_missing_header_are_reported(self):
        files = {"stray/x.cpp": '#include "low/missing.h"\n', "low/a.h": "\n"}
        problems = self.problems(files)
        self.assertTrue(any("src/stray/: not declared" in p for p in problems), problems)
        self.assertTrue(any("is not a file of src/" in p for p in problems), problems)


if __name__ == "__main__":
    unittest.main()
