"""The GPU benchmark of issue 15: real-architecture SD 1.5 and SDXL with random weights, the bare
diffusers pipeline against a real ``imagegate serve``, batched, compiled, memory and cost per image.

    bash bench/gpu.sh                      # on the GPU machine: installs carried wheels, then runs it
    python -m bench.gpu [--usd-per-hour 2.5] [--budget-s 440]
    python -m bench.gpu --smoke            # the same code on a CPU with tiny models (in `make test`)

Modules: ``build`` (configs → random-weight pipelines), ``raw`` (the bare pipeline), ``serving`` (the
server over HTTP), ``compiled`` (torch.compile in a child process), ``report`` (phases, table,
JSON), ``wheels`` (what travels to a machine without network), ``__main__`` (the phases in order).
"""
