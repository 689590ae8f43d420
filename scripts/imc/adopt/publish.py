"""`imc publish`: the built site into S3-compatible object storage (Yandex Object Storage,
Selectel, VK Cloud, MinIO) with boto3.

Every object gets its Content-Type and Cache-Control; only changed files are uploaded
(a file's MD5 against the object's ETag, or the sha256 the upload stored in its metadata);
objects no longer in the site are removed only with --delete. Keys come only from the
environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from files.
"""
from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from imc.core.problems import ImcError

TYPES = {  # what browsers need; the system's mime table varies between machines
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json",
    ".xml": "application/xml; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
    ".svg": "image/svg+xml", ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8", ".yml": "text/yaml; charset=utf-8",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".ico": "image/x-icon", ".woff2": "font/woff2", ".woff": "font/woff",
    ".pdf": "application/pdf", ".map": "application/json",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip", ".gz": "application/gzip",
    # pagefind's index: binary fragments fetched by its script
    ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
}
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"
MEDIUM = "public, max-age=3600"
# A content hash in the name: pagefind's fragments and chunks (en_1a2b3c….pf_fragment),
# mkdocs-material's bundles (bundle.5c1f8a9e.min.js). Such a file never changes in place.
HASHED = re.compile(r"[._-][0-9a-f]{7,}(?:\.min)?\.[a-z0-9_]+$")
SHA_KEY = "imc-sha256"


def content_type(name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    return TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    if name.endswith((".html", ".htm")) or name in ("sitemap.xml", "sitemap.xml.gz"):
        return SHORT
    if key.startswith("pagefind/") and name.startswith(("pagefind-entry", "pagefind.js", "pagefind-ui",
                                                          "pagefind-modular", "pagefind-highlight")):
        return SHORT  # stable names that point to the current index
    if name.endswith((".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta")) or HASHED.search(name):
        return LONG
    if name.endswith((".xml", ".json", ".ics")):
        return SHORT  # feeds, catalogue, calendar: readers poll them
    return MEDIUM


@dataclass
class Local:
    key: str
    path: Path
    md5: str
    sha256: str
    size: int


def scan(site: Path, prefix: str = "") -> dict[str, Local]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_symlink():
            raise ImcError(f"в собранном сайте ссылка {path.relative_to(site)}: публикуются только обычные файлы")
        if not path.is_file():
            continue
        data = path.read_bytes()
        key = prefix + path.relative_to(site).as_posix()
        files[key] = Local(key, path, hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest(), len(data))
    return files


def _client(endpoint: str | None, region: str | None):
    import boto3
    from botocore.config import Config
    if not os.environ.get("AWS_ACCESS_KEY_ID") or not os.environ.get("AWS_SECRET_ACCESS_KEY"):
        raise ImcError("нет ключей доступа к хранилищу: задайте переменные окружения AWS_ACCESS_KEY_ID и "
                       "AWS_SECRET_ACCESS_KEY (в CI — секретные переменные). В файлах сайта ключи не хранят.")
    # Only the environment's two keys: no ~/.aws files, no instance metadata lookups.
    session = boto3.session.Session(aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                                    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                                    aws_session_token=os.environ.get("AWS_SESSION_TOKEN") or None,
                                    region_name=region or os.environ.get("AWS_DEFAULT_REGION") or "ru-central1")
    return session.client("s3", endpoint_url=endpoint or None,
                          config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3},
                                        connect_timeout=10, read_timeout=60))


def _remote(client, bucket: str, prefix: str) -> dict[str, dict]:
    from botocore.exceptions import ClientError, EndpointConnectionError
    out = {}
    try:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                out[obj["Key"]] = {"etag": obj.get("ETag", "").strip('"'), "size": obj.get("Size")}
    except ClientError as err:
        code = err.response.get("Error", {}).get("Code", "")
        if code in ("NoSuchBucket", "404"):
            raise ImcError(f"бакета «{bucket}» нет в хранилище: создайте его в консоли облака или проверьте "
                           "имя (--bucket) и адрес хранилища (--endpoint)") from None
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403"):
            raise ImcError(f"хранилище не приняло ключи ({code}): проверьте AWS_ACCESS_KEY_ID и "
                           "AWS_SECRET_ACCESS_KEY и права сервисного аккаунта на бакет") from None
        raise ImcError(f"хранилище ответило ошибкой {code}: {err}") from None
    except EndpointConnectionError as err:
        raise ImcError(f"не удалось подключиться к хранилищу: {err}. Проверьте --endpoint") from None
    return out


def plan(local: dict[str, Local], remote: dict[str, dict], client=None, bucket: str = "",
         delete: bool = False) -> tuple[list[Local], list[str], int]:
    """(to upload, to delete, unchanged). A single-part ETag is the MD5 of the object; for a
    multipart one the stored sha256 decides."""
    upload, same = [], 0
    for key, f in local.items():
        r = remote.get(key)
        if r is None:
            upload.append(f)
        elif r["etag"] == f.md5:
            same += 1
        elif "-" in r["etag"] and client is not None and r["size"] == f.size and \
                client.head_object(Bucket=bucket, Key=key).get("Metadata", {}).get(SHA_KEY) == f.sha256:
            same += 1
        else:
            upload.append(f)
    gone = sorted(k for k in remote if k not in local) if delete else []
    return upload, gone, same


def publish(site: Path, bucket: str, endpoint: str | None = None, prefix: str = "", delete: bool = False,
            dry_run: bool = False, region: str | None = None, out=sys.stdout) -> int:
    if not site.is_dir() or not (site / "index.html").is_file():
        raise ImcError(f"нет собранного сайта в {site}: сначала выполните imc build")
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    local = scan(site, prefix)
    client = _client(endpoint, region)
    remote = _remote(client, bucket, prefix)
    upload, gone, same = plan(local, remote, client, bucket, delete)
    stale = sum(1 for k in remote if k not in local)
    where = f"{endpoint or 'AWS'} / {bucket}/{prefix}"
    if dry_run:
        print(f"План публикации в {where} (ничего не меняется — это --dry-run):", file=out)
        for f in upload:
            print(f"  загрузить  {f.key}  ({content_type(f.key)}; {cache_control(f.key[len(prefix):])})", file=out)
        for key in gone:
            print(f"  удалить    {key}", file=out)
        print(f"Загрузить: {len(upload)}, удалить: {len(gone)}, без изменений: {same}.", file=out)
        if stale and not delete:
            print(f"В хранилище {stale} лишних объектов; удалить их — с ключом --delete.", file=out)
        return 0
    # Assets before pages: a page never points to a file that is not there yet.
    upload.sort(key=lambda f: (f.key.endswith(".html"), f.key))
    for f in upload:
        with f.path.open("rb") as body:
            client.put_object(Bucket=bucket, Key=f.key, Body=body, ContentType=content_type(f.key),
                              CacheControl=cache_control(f.key[len(prefix):]), Metadata={SHA_KEY: f.sha256})
    for i in range(0, len(gone), 1000):
        client.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in gone[i:i + 1000]],
                                                     "Quiet": True})
    print(f"Опубликовано в {where}: загружено {len(upload)}, удалено {len(gone)}, без изменений {same}.", file=out)
    if stale and not delete:
        print(f"В хранилище {stale} объектов, которых нет в сайте; удалить их — imc publish --delete.", file=out)
    return 0


def run(root: Path, args) -> int:
    bucket = args.bucket or os.environ.get("IMC_S3_BUCKET")
    if not bucket:
        print("imc publish: не указан бакет: --bucket ИМЯ или переменная IMC_S3_BUCKET", file=sys.stderr)
        return 2
    site = Path(args.site_dir).resolve() if args.site_dir else root / "site"
    endpoint = args.endpoint or os.environ.get("IMC_S3_ENDPOINT") or None
    from botocore.exceptions import BotoCoreError, ClientError
    try:
        return publish(site, bucket, endpoint, args.prefix or "", args.delete, args.dry_run, args.region)
    except (BotoCoreError, ClientError) as err:  # mid-way: what is uploaded stays, a rerun sends the rest
        raise ImcError(f"хранилище не приняло файлы: {err}. Повторите imc publish — загрузятся только "
                       "недостающие") from None


def add_arguments(p) -> None:
    p.add_argument("--bucket", help="имя бакета (или переменная IMC_S3_BUCKET)")
    p.add_argument("--endpoint", help="адрес хранилища, например https://storage.yandexcloud.net "
                                      "(или переменная IMC_S3_ENDPOINT)")
    p.add_argument("--region", help="регион хранилища (по умолчанию ru-central1)")
    p.add_argument("--prefix", help="папка внутри бакета, например imc/")
    p.add_argument("--site-dir", help="собранный сайт (по умолчанию site/)")
    p.add_argument("--delete", action="store_true", help="удалить из бакета файлы, которых больше нет в сайте")
    p.add_argument("--dry-run", action="store_true", help="только показать, что будет загружено и удалено")
