"""One rank of a fine-tuning job run as several processes (--train-processes N). Started by
train_processes.py through `accelerate launch`, never by hand:

    python -m accelerate.commands.launch --multi_gpu --num_processes N [--config_file F] \
        -m activesynth_server.train_worker RUN_DIR

RUN_DIR/job.json holds what the job needs: the server's configuration (the backend's flags), the
model to start from, the training records, the hyperparameters and seed, where to write the
checkpoint and the process id of the server. Every rank builds the same model and examples (the
LoRA adapter initialised from the job's seed, then broadcast from rank 0 so the replicas are
equal), trains its share of each global batch (training.DataParallel: gradients summed over the
ranks) and, after a barrier, rank 0 alone writes the weights into the checkpoint folder. With
spec["fsdp"] (an accelerate config whose distributed_type is FSDP) the model is sharded after the
broadcast (training.shard_model) and, after training, its full state dict is gathered to rank 0,
loaded into an unsharded copy and written from there. Rank 0
appends JSON lines to RUN_DIR/progress.jsonl, which the server's job reads:
{"started": n_examples}, {"progress": [step, total, loss, tokens_per_s, tokens]}, then
{"done": stats, "extra": the backend's save facts}; each rank ends with {"rank", "wrote"} (the
files it wrote: rank 0 the checkpoint's, the others none).
"""

import json
import os
import sys


def _line(path, obj):
    with open(path, "a") as f:
        f.write(json.dumps(obj) + "\n")
        f.flush()


def _written(folder):
    return sorted(os.path.relpath(os.path.join(d, n), folder)
                  for d, _, names in os.walk(folder) for n in names)


def main(argv=None):
    run_dir = (argv if argv is not None else sys.argv[1:])[0]
    with open(os.path.join(run_dir, "job.json")) as f:
        spec = json.load(f)
    progress_path = os.path.join(run_dir, "progress.jsonl")
    os.environ.setdefault("OMP_NUM_THREADS", str(spec["threads"]))

    import torch
    import torch.distributed as dist
    from accelerate import PartialState

    from .backends import load_backend
    from .config import ServerConfig
    from .files import to_pairs
    from .main import watch_parent
    from .training import (DataParallel, FSDPSharded, TrainHParams, build_examples,
                           shard_model, train)

    cpu = spec["device"] == "cpu"
    state = PartialState(cpu=cpu)  # joins the process group (gloo on CPU, nccl on GPUs)
    rank, world = state.process_index, state.num_processes
    # a rank outlives neither the server nor its launcher (a cancelled job kills the launcher)
    watch_parent(spec["server_pid"])
    watch_parent(os.getppid())

    cfg = ServerConfig(**dict(spec["config"], threads=spec["threads"],
                              device="cpu" if cpu else "cuda"))
    backend = load_backend(cfg)
    if not cpu:
        backend.device = torch.device("cuda", state.local_process_index)
    parent = spec["parent"]

    def trainable():
        with torch.random.fork_rng(devices=[]):  # a new LoRA adapter's weights: from the seed
            torch.manual_seed(spec["seed"])
            return backend.trainable(spec["root"], parent and parent["_dir"], parent)

    lm = trainable()
    fsdp = bool(spec.get("fsdp")) and world > 1
    params = [p for p in lm.module.parameters() if p.requires_grad]
    if world > 1:
        for p in params:
            dist.broadcast(p.data, src=0)
    if fsdp:
        shard_model(lm)
    examples = build_examples(lm, to_pairs(lm, spec["records"]))
    main_rank = rank == 0
    if main_rank:
        _line(progress_path, {"started": len(examples)})

    def progress(step, total, loss, tps, tokens):
        _line(progress_path, {"progress": [step, total, loss, tps, tokens]})

    stats = train(lm, examples, TrainHParams(**spec["hyperparameters"]), spec["seed"],
                  on_progress=progress if main_rank else None,
                  autocast=backend.train_autocast,
                  dist=(FSDPSharded if fsdp else DataParallel)(rank, world) if world > 1 else None)
    if fsdp:  # every rank sends its shards; rank 0 alone receives the full tensors
        from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict
        full = get_model_state_dict(lm.module, options=StateDictOptions(full_state_dict=True,
                                                                        cpu_offload=True))
        if main_rank:
            lm = trainable()  # an unsharded copy to write
            lm.module.load_state_dict(full)
            lm.module.eval()
        del full
    if world > 1:
        dist.barrier()
    wrote = []
    if main_rank:  # the replicas are equal (or gathered): one writes the checkpoint
        extra = backend.save(lm, spec["out_dir"])
        wrote = _written(spec["out_dir"])
        _line(progress_path, {"done": stats, "extra": extra})
    if world > 1:
        dist.barrier()  # rank 0 has written its lines before the others write theirs
        for r in range(world):
            if r == rank:
                _line(progress_path, {"rank": rank, "wrote": wrote})
            dist.barrier()
        dist.destroy_process_group()
    else:
        _line(progress_path, {"rank": rank, "wrote": wrote})
    return 0


if __name__ == "__main__":
    sys.exit(main())
