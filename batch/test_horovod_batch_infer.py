"""Unit tests of the pure parts of horovod_batch_infer.py: sharding, resume, atomic writes.

Runs without torch or Horovod: python3 -m unittest batch/test_horovod_batch_infer.py
"""

import argparse
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import horovod_batch_infer as batch  # noqa: E402


def lines(count):
    return [json.dumps({"id": "r%d" % index, "prompt": "prompt %d" % index}) + "\n" for index in range(count)]


class ShardTest(unittest.TestCase):
    def test_every_line_lands_on_exactly_one_rank(self):
        shards = [batch.shard(lines(10), rank, 3) for rank in range(3)]
        self.assertEqual([[r["id"] for r in s] for s in shards], [["r0", "r3", "r6", "r9"], ["r1", "r4", "r7"], ["r2", "r5", "r8"]])

    def test_blank_lines_do_not_shift_the_shards(self):
        with_blanks = lines(2)[:1] + ["\n"] + lines(2)[1:]
        self.assertEqual([r["id"] for r in batch.shard(with_blanks, 1, 2)], ["r1"])

    def test_a_line_without_a_prompt_is_refused_with_its_number(self):
        with self.assertRaisesRegex(ValueError, "input line 2"):
            batch.shard(lines(1) + ['{"id": "x"}\n'], 0, 1)


class ResumeTest(unittest.TestCase):
    def test_ids_already_written_are_skipped_and_a_torn_line_is_dropped(self):
        with tempfile.TemporaryDirectory() as folder:
            path = batch.part_path(folder, 0)
            with open(path, "w", encoding="utf-8") as part:
                part.write(json.dumps({"id": "r0", "completion": "a"}) + "\n" + '{"id": "r1", "compl')
            done = batch.read_done(path)
            self.assertEqual([r["id"] for r in done], ["r0"])
            self.assertEqual([r["id"] for r in batch.pending(batch.shard(lines(3), 0, 1), done)], ["r1", "r2"])

    def test_the_part_file_is_replaced_whole_and_leaves_no_temporary_file(self):
        with tempfile.TemporaryDirectory() as folder:
            path = batch.part_path(folder, 7)
            batch.write_atomically(path, [{"id": 1}])
            batch.write_atomically(path, [{"id": 1}, {"id": 2}])
            self.assertEqual(os.path.basename(path), "part-00007.jsonl")
            self.assertEqual(os.listdir(folder), ["part-00007.jsonl"])
            self.assertEqual([r["id"] for r in batch.read_done(path)], [1, 2])


class FinishedTest(unittest.TestCase):
    def test_a_rerun_after_the_success_marker_exits_before_loading_anything(self):
        with tempfile.TemporaryDirectory() as folder:
            self.assertFalse(batch.finished(folder))
            batch.write_atomically(os.path.join(folder, batch.SUCCESS_MARKER), [])
            self.assertTrue(batch.finished(folder))
            # torch and Horovod are not installed here: main() returning 0 proves it stopped before importing them.
            self.assertEqual(batch.main(["--model", "/m", "--input", "/missing.jsonl", "--output", folder]), 0)


class SettingsTest(unittest.TestCase):
    def test_a_line_overrides_the_command_line_defaults(self):
        defaults = argparse.Namespace(max_new_tokens=256, temperature=0.0)
        self.assertEqual(batch.generation_settings({"max_new_tokens": 32}, defaults), (32, 0.0))
        self.assertEqual(batch.generation_settings({"temperature": 0.7}, defaults), (256, 0.7))


if __name__ == "__main__":
    unittest.main()
