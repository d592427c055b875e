# One image for web, worker and beat.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OMIL_VAR_DIR=/var/lib/omil

WORKDIR /app
RUN useradd --create-home --uid 1000 omil \
    && mkdir -p /var/lib/omil \
    && chown omil:omil /var/lib/omil

COPY pyproject.toml README.md ./
COPY omil_crm ./omil_crm
COPY companies ./companies
COPY requests_routing ./requests_routing
COPY vacancies ./vacancies
COPY meetings ./meetings
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY manage.py ./
RUN pip install --no-cache-dir . \
    && DJANGO_DEBUG=0 SECRET_KEY=only-for-collectstatic-during-the-image-build \
       ALLOWED_HOSTS=build STATIC_ROOT=/app/staticfiles python manage.py collectstatic --no-input

ENV STATIC_ROOT=/app/staticfiles
USER omil
EXPOSE 8000
CMD ["gunicorn", "omil_crm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--access-logfile", "-"]
