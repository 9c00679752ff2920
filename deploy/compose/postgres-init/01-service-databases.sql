-- One database and one login role per service; each role owns only its own database and nobody else
-- may connect to it. Runs once, on the first start of the postgres container (deploy/local/infra.sh
-- re-applies the same idempotently on every `up`).
-- The passwords '<name>_dev_password' are DEVELOPMENT DEFAULTS for a loopback-only throwaway server.
\set ON_ERROR_STOP on

CREATE ROLE trm_identification LOGIN PASSWORD 'trm_identification_dev_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE trm_protection     LOGIN PASSWORD 'trm_protection_dev_password'     NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE trm_return         LOGIN PASSWORD 'trm_return_dev_password'         NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE trm_remedies       LOGIN PASSWORD 'trm_remedies_dev_password'       NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE trm_judicial       LOGIN PASSWORD 'trm_judicial_dev_password'       NOSUPERUSER NOCREATEDB NOCREATEROLE;

CREATE DATABASE trm_identification OWNER trm_identification ENCODING 'UTF8';
CREATE DATABASE trm_protection     OWNER trm_protection     ENCODING 'UTF8';
CREATE DATABASE trm_return         OWNER trm_return         ENCODING 'UTF8';
CREATE DATABASE trm_remedies       OWNER trm_remedies       ENCODING 'UTF8';
CREATE DATABASE trm_judicial       OWNER trm_judicial       ENCODING 'UTF8';

REVOKE ALL ON DATABASE trm_identification FROM PUBLIC;
REVOKE ALL ON DATABASE trm_protection     FROM PUBLIC;
REVOKE ALL ON DATABASE trm_return         FROM PUBLIC;
REVOKE ALL ON DATABASE trm_remedies       FROM PUBLIC;
REVOKE ALL ON DATABASE trm_judicial       FROM PUBLIC;

GRANT ALL ON DATABASE trm_identification TO trm_identification;
GRANT ALL ON DATABASE trm_protection     TO trm_protection;
GRANT ALL ON DATABASE trm_return         TO trm_return;
GRANT ALL ON DATABASE trm_remedies       TO trm_remedies;
GRANT ALL ON DATABASE trm_judicial       TO trm_judicial;
