#!/usr/bin/env python3
"""Distributed batch inference with Horovod: one data-parallel rank per GPU.

Shipped with llmfleet and mounted read-only into the MPIJob's worker pods from a ConfigMap
(docs/batch.md). Every rank:

1. initialises Horovod (``hvd.init()``) and takes its GPU from ``hvd.local_rank()``;
2. reads the ``--input`` JSONL file (one ``{"id": ..., "prompt": ..., optional params}`` per line)
   and keeps the lines whose position modulo ``hvd.size()`` is ``hvd.rank()``;
3. skips the ids already in ``<output>/part-<rank>.jsonl`` (a rerun resumes where it stopped);
4. generates with transformers and rewrites the part file atomically (temporary file, then rename)
   every ``--flush-every`` results;
5. waits for every rank (``hvd.allreduce`` of the failure count); rank 0 writes ``<output>/_SUCCESS``
   when no rank failed.

Per-line parameters ``max_new_tokens`` and ``temperature`` override the command-line defaults.
The functions above ``main`` need neither torch nor Horovod, so they are unit-tested without a GPU
(``batch/test_horovod_batch_infer.py``).
"""

import argparse
import json
import os
import sys

SUCCESS_MARKER = "_SUCCESS"


def part_path(output_dir, rank):
    """Where one rank writes its results."""
    return os.path.join(output_dir, "part-%05d.jsonl" % rank)


def parse_request(line, line_number):
    """One input line as a request dict; raises ValueError naming the line when it is not usable."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError("input line %d is not JSON: %s" % (line_number, error)) from error
    if not isinstance(request, dict) or "id" not in request or not isinstance(request.get("prompt"), str):
        raise ValueError('input line %d needs an "id" and a string "prompt"' % line_number)
    return request


def shard(lines, rank, size):
    """The requests of one rank: every line whose position modulo ``size`` is ``rank`` (blank lines skipped)."""
    requests = []
    position = 0
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if position % size == rank:
            requests.append(parse_request(line, line_number))
        position += 1
    return requests


def read_done(path):
    """Results already written by an earlier run of this rank, in order; a torn last line is dropped."""
    if not os.path.exists(path):
        return []
    done = []
    with open(path, encoding="utf-8") as part:
        for line in part:
            try:
                done.append(json.loads(line))
            except json.JSONDecodeError:
                break
    return done


def pending(requests, done):
    """The requests whose id has no result yet."""
    finished = {str(result["id"]) for result in done}
    return [request for request in requests if str(request["id"]) not in finished]


def write_atomically(path, results):
    """Rewrites ``path`` with all results: a reader never sees a half-written part file."""
    temporary = "%s.tmp-%d" % (path, os.getpid())
    with open(temporary, "w", encoding="utf-8") as part:
        for result in results:
            part.write(json.dumps(result, ensure_ascii=False) + "\n")
        part.flush()
        os.fsync(part.fileno())
    os.replace(temporary, path)


def generation_settings(request, defaults):
    """max_new_tokens and temperature of one request: its own values, else the defaults."""
    max_new_tokens = int(request.get("max_new_tokens", defaults.max_new_tokens))
    temperature = float(request.get("temperature", defaults.temperature))
    return max_new_tokens, temperature


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Horovod batch inference over a JSONL prompt file.")
    parser.add_argument("--model", required=True, help="folder of the checkpoint (config.json, tokenizer, weights)")
    parser.add_argument("--input", required=True, help='JSONL file, one {"id", "prompt", optional params} per line')
    parser.add_argument("--output", required=True, help="folder for part-<rank>.jsonl and _SUCCESS")
    parser.add_argument("--max-new-tokens", type=int, default=256)
    parser.add_argument("--temperature", type=float, default=0.0, help="0 decodes greedily")
    parser.add_argument("--dtype", default="auto", help="torch dtype of the weights (auto, bfloat16, float16)")
    parser.add_argument("--flush-every", type=int, default=16, help="results between two rewrites of the part file")
    return parser.parse_args(argv)


def generate_one(model, tokenizer, torch, request, args, device):
    max_new_tokens, temperature = generation_settings(request, args)
    inputs = tokenizer(request["prompt"], return_tensors="pt").to(device)
    sampling = {"do_sample": True, "temperature": temperature} if temperature > 0 else {"do_sample": False}
    with torch.no_grad():
        output = model.generate(**inputs, max_new_tokens=max_new_tokens, pad_token_id=tokenizer.eos_token_id, **sampling)
    completion = tokenizer.decode(output[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True)
    return {"id": request["id"], "prompt": request["prompt"], "completion": completion, "max_new_tokens": max_new_tokens, "temperature": temperature}


def generate_all(args, todo, results, path, device):
    """Loads the model on this rank's GPU and appends a result per pending request, rewriting the part file as it goes."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    dtype = "auto" if args.dtype == "auto" else getattr(torch, args.dtype)
    # Every rank of a worker loads its own copy: stream the shards straight to this rank's GPU
    # (accelerate's device_map) instead of building the whole model in host memory first, which
    # would need ranks x weights of the pod's memory at once.
    model = AutoModelForCausalLM.from_pretrained(args.model, torch_dtype=dtype, device_map={"": device}, low_cpu_mem_usage=True).eval()
    for count, request in enumerate(todo, start=1):
        results.append(generate_one(model, tokenizer, torch, request, args, device))
        if count % args.flush_every == 0:
            write_atomically(path, results)
    write_atomically(path, results)


def finished(output_dir):
    """True once an earlier run wrote the success marker: a rerun of a finished job does nothing."""
    return os.path.exists(os.path.join(output_dir, SUCCESS_MARKER))


def main(argv):
    args = parse_args(argv)
    if finished(args.output):
        print("%s exists in %s: the job already finished" % (SUCCESS_MARKER, args.output), flush=True)
        return 0
    # Imported here so that the pure functions above load without a GPU stack.
    import horovod.torch as hvd
    import torch

    hvd.init()
    torch.cuda.set_device(hvd.local_rank())
    device = torch.device("cuda", hvd.local_rank())
    os.makedirs(args.output, exist_ok=True)
    with open(args.input, encoding="utf-8") as source:
        requests = shard(source, hvd.rank(), hvd.size())
    path = part_path(args.output, hvd.rank())
    results = read_done(path)
    todo = pending(requests, results)
    print("rank %d/%d: %d requests, %d already done" % (hvd.rank(), hvd.size(), len(requests), len(requests) - len(todo)), flush=True)

    failed = 0
    try:
        # A rank with nothing left (a rerun) skips loading the model but still joins the allreduce.
        if todo:
            generate_all(args, todo, results, path, device)
    except Exception as error:  # noqa: BLE001 - every rank must reach the allreduce, or the others hang
        print("rank %d failed: %s" % (hvd.rank(), error), file=sys.stderr, flush=True)
        failed = 1

    # Also the barrier: no rank passes before every rank has written its part (`allreduce(tensor, name=, op=)`
    # in horovod/torch/mpi_ops.py at the commit batch/Dockerfile builds).
    failures = int(hvd.allreduce(torch.tensor([failed]), op=hvd.Sum, name="failures").item())
    if hvd.rank() == 0 and failures == 0:
        write_atomically(os.path.join(args.output, SUCCESS_MARKER), [])
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
