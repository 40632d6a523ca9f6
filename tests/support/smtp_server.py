#!/usr/bin/python3
"""A real SMTP server for Euriqa's email tests, built on Debian's python3-aiosmtpd.

Listens on 127.0.0.1:PORT (0 = any free port) and prints "listening on PORT" once it
accepts connections. Each message it accepts becomes two files in --dir:
NNNNNN.envelope ("MAIL FROM:<a>" then one "RCPT TO:<b>" line per recipient) and
NNNNNN.eml (the message exactly as received), the .eml renamed into place last, so
a reader that sees it finds both complete. Numbering continues after a restart.

--tls starttls offers STARTTLS and requires it before MAIL; --tls implicit speaks TLS
from the first byte (SMTPS). --user/--password require AUTH (LOGIN or PLAIN) before
MAIL. RCPT TO an address starting with --reject-prefix is answered 550 (permanent),
one starting with --defer-prefix 451 (temporary); a message whose content holds the
bytes of --refuse-content is answered 554 after DATA. Stops on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import hmac
import os
import re
import signal
import ssl
import sys
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult
except ImportError:
    # Debian's package lives in the system Python's dist-packages; another Python
    # 3.11 (a pyenv one on PATH, say) can use it from there: it is pure Python.
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.smtp import SMTP, AuthResult


def parse_arguments():
    parser = argparse.ArgumentParser(description="SMTP server for tests")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True, help="where received messages are written")
    parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    parser.add_argument("--cert", help="PEM certificate (needed with --tls)")
    parser.add_argument("--key", help="PEM private key (needed with --tls)")
    parser.add_argument("--user", help="require AUTH with this user name")
    parser.add_argument("--password", default="")
    parser.add_argument("--reject-prefix", default="", help="RCPT answered 550")
    parser.add_argument("--defer-prefix", default="", help="RCPT answered 451")
    parser.add_argument("--refuse-content", default="", help="a message holding this is answered 554")
    arguments = parser.parse_args()
    if arguments.tls != "none" and not (arguments.cert and arguments.key):
        parser.error("--tls needs --cert and --key")
    return arguments


class MessageWriter:
    """Writes each accepted message to the directory, numbered in arrival order."""

    def __init__(self, directory):
        self.directory = directory
        numbers = [int(m.group(1)) for m in map(re.compile(r"^(\d+)\.eml$").match, os.listdir(directory)) if m]
        self.next_number = max(numbers, default=0) + 1

    def write(self, mail_from, recipients, content):
        name = os.path.join(self.directory, "%06d" % self.next_number)
        self.next_number += 1
        envelope = "MAIL FROM:<%s>\n" % mail_from + "".join("RCPT TO:<%s>\n" % r for r in recipients)
        with open(name + ".envelope", "w", encoding="utf-8") as out:
            out.write(envelope)
        with open(name + ".eml.tmp", "wb") as out:
            out.write(content)
        os.rename(name + ".eml.tmp", name + ".eml")


class Handler:
    """aiosmtpd handler hooks: refuses or defers recipients, refuses or records messages."""

    def __init__(self, writer, arguments):
        self.writer = writer
        self.reject_prefix = arguments.reject_prefix.lower()
        self.defer_prefix = arguments.defer_prefix.lower()
        self.refuse_content = arguments.refuse_content.encode()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        lowered = address.lower()
        if self.reject_prefix and lowered.startswith(self.reject_prefix):
            return "550 5.1.1 <%s>: recipient refused" % address
        if self.defer_prefix and lowered.startswith(self.defer_prefix):
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_content and self.refuse_content in envelope.content:
            return "554 5.6.0 message refused"
        self.writer.write(envelope.mail_from, envelope.rcpt_tos, envelope.content)
        return "250 2.0.0 OK: queued"


def password_checker(user, password):
    """An aiosmtpd authenticator accepting exactly one user name and password."""
    expected = (user.encode(), password.encode())

    def authenticate(server, session, envelope, mechanism, auth_data):
        given = (getattr(auth_data, "login", b""), getattr(auth_data, "password", b""))
        ok = hmac.compare_digest(given[0], expected[0]) & hmac.compare_digest(given[1], expected[1])
        # handled=False: aiosmtpd itself answers a failure (535); a handled one it
        # leaves unanswered, and the client would wait for a reply forever.
        return AuthResult(success=bool(ok), handled=False)

    return authenticate


def server_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def protocol_factory(arguments, handler):
    """Makes aiosmtpd SMTP protocol objects set up for the chosen TLS and AUTH mode."""
    options = {"hostname": "smtp.test", "enable_SMTPUTF8": True}
    if arguments.tls == "starttls":
        options.update(tls_context=server_context(arguments.cert, arguments.key), require_starttls=True)
    if arguments.user is not None:
        options.update(authenticator=password_checker(arguments.user, arguments.password), auth_required=True)
    # aiosmtpd offers AUTH only after STARTTLS unless told otherwise; with no TLS, and
    # with implicit TLS (which it cannot see), AUTH must be allowed without STARTTLS.
    options["auth_require_tls"] = arguments.tls == "starttls"
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    return lambda: SMTP(handler, **options)


async def serve(arguments):
    os.makedirs(arguments.dir, exist_ok=True)
    handler = Handler(MessageWriter(arguments.dir), arguments)
    implicit = server_context(arguments.cert, arguments.key) if arguments.tls == "implicit" else None
    server = await asyncio.get_running_loop().create_server(
        protocol_factory(arguments, handler), host="127.0.0.1", port=arguments.port, ssl=implicit)
    stopped = asyncio.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signal_number, stopped.set)
    print("listening on %d" % server.sockets[0].getsockname()[1], flush=True)
    await stopped.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(serve(parse_arguments()))
