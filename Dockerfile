# syntax=docker/dockerfile:1
# Build: docker build -t coursebot .
# Run on Discord (tokens from .env, never baked into the image; the SQLite cache on the /data volume):
#   docker run -d --name coursebot --restart unless-stopped --env-file .env -v coursebot-data:/data \
#     -v "$PWD/config:/app/config:ro" -v "/path/to/course-site:/app/site:ro" coursebot \
#     run --config /app/config/course.toml --site /app/site
# Try it in console mode (no token): console mode needs a terminal, so give it one with -it:
#   docker run -it --rm coursebot
# Without a token and without a terminal (plain `docker run -d`), `coursebot run` exits with status 2 and
# says so in `docker logs`, instead of idling as a console nobody can type into.
# Health: `docker inspect --format '{{.State.Health.Status}}' coursebot`; the HEALTHCHECK below runs
# `coursebot health`, which is healthy while the running bot's instance-lock heartbeat (every 30 s) is fresh.
#
# The base image is pinned by digest so every build starts from the same bytes. To update it (security
# fixes): docker pull python:3.11-slim && docker inspect --format '{{index .RepoDigests 0}}' python:3.11-slim
# (or: docker buildx imagetools inspect python:3.11-slim), put the new digest below, rebuild, run the tests.
ARG PYTHON_IMAGE=python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7
# With course.repo set in the configuration, no site volume is needed: the bot clones the repository into /data.

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
# Dependencies in their own layer, at the exact versions of constraints.txt: rebuilt only when
# pyproject.toml or constraints.txt change, not on every change of the code.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; open('/tmp/requirements.txt', 'w').write('\n'.join(deps) + '\n')" \
    && /opt/venv/bin/pip install -c constraints.txt -r /tmp/requirements.txt
# Then coursebot itself (its dependencies are already there).
COPY README.md ./
COPY bot ./bot
RUN /opt/venv/bin/pip install --no-deps -c constraints.txt . \
    && /opt/venv/bin/pip check

FROM ${PYTHON_IMAGE}
RUN useradd --create-home --uid 10001 coursebot \
    && mkdir -p /data \
    && chown coursebot:coursebot /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY config ./config
COPY posts ./posts
# Tokens come only from the environment at run time (DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_APP_TOKEN,
# SLACK_SIGNING_SECRET); none is baked into the image. The SQLite cache lives on the /data volume.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    COURSEBOT_DB=/data/coursebot.sqlite3
USER 10001:10001
VOLUME ["/data"]
HEALTHCHECK --interval=60s --timeout=15s --start-period=2m --retries=3 CMD ["coursebot", "health"]
ENTRYPOINT ["coursebot"]
CMD ["run", "--config", "/app/config/course.toml"]
