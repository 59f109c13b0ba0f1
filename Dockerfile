# Production image: gunicorn (web), Celery worker and Celery beat all run from this one image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 decocrm

# PDF documents (WeasyPrint): Pango, and the CJK font their Chinese text is set in (decocrm/core/pdf.py); HarfBuzz's
# subsetter embeds only the glyphs used (without it WeasyPrint subsets the CJK font in Python: 9 s a page, not 0.3).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected at build time (whitenoise serves them); the key below exists only for this step.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/var /app/media && chown -R decocrm:decocrm /app/var /app/media

USER decocrm
EXPOSE 8000
CMD ["gunicorn", "decocrm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--timeout", "60", "--access-logfile", "-"]
