# syntax=docker/dockerfile:1
# Build: docker build -t coursebot .
# Run:   docker run -d --name coursebot -e DISCORD_TOKEN -v coursebot-data:/data \
#          -v "$PWD/config:/app/config:ro" -v "/path/to/course-site:/app/site:ro" coursebot \
#          run --config /app/config/course.toml --site /app/site
# Or, with course.repo set in the configuration, no site volume: the bot clones the repository into /data.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN python -m venv /opt/venv && /opt/venv/bin/pip install .

FROM python:3.11-slim
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
USER coursebot
VOLUME ["/data"]
ENTRYPOINT ["coursebot"]
CMD ["run", "--config", "/app/config/course.toml"]
