# The graphsvc service. Built by docker compose; talks to Neo4j over Bolt.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphsvc ./graphsvc
COPY cypher ./cypher
RUN pip install . && useradd --system --uid 10001 graphsvc \
    && mkdir /register && chown graphsvc /register
USER graphsvc
EXPOSE 8000
CMD ["sh", "-c", "graphsvc db init && graphsvc serve --host 0.0.0.0 --port 8000"]
