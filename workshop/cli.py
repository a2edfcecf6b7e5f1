"""The `workshop` command: serve, demo, create-user; and the same commands under `flask --app workshop`."""

import argparse
import gc
import getpass
import os
import sys

import click
from flask import Flask


def init_app(app: Flask) -> None:
    from .services.rights import STAFF_ROLES

    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", type=click.Choice(STAFF_ROLES), default="facilitator")
    @click.option("--name", default="")
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    def create_user_command(email, role, name, password_stdin):
        """Create a facilitator or secretariat account."""
        sys.exit(create_user(app, email, role, name, password_stdin))

    @app.cli.command("demo")
    def demo_command():
        """Load the demo meeting and print its codes."""
        sys.exit(load_demo(app))


def create_user(app: Flask, email: str, role: str, name: str, password_stdin: bool) -> int:
    from .extensions import db
    from .services import accounts
    from .services.errors import DomainError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (at least 10 characters): ")
        if password != getpass.getpass("Repeat the password: "):
            print("The passwords do not match.", file=sys.stderr)
            return 1
    with app.app_context():
        try:
            user = accounts.create_user(db.session, email, password, role, name)
            db.session.commit()
        except DomainError as error:
            print(error.message, file=sys.stderr)
            return 1
        print(f"Created {user.role} account {user.email}.")
    return 0


def load_demo(app: Flask) -> int:
    from .demo import load_demo_meeting
    from .extensions import db
    from .services.workshops import display_code

    with app.app_context():
        result = load_demo_meeting(db.session)
        db.session.commit()
        workshop = result["workshop"]
        print(f"Loaded the demo meeting: {workshop.title}")
        print(f"  Delegates join at /join with code  {display_code(workshop.join_code)}")
        print(f"  Observers join with code           {display_code(workshop.observer_code)}")
        print(f"  Facilitator login: {result['email']}  password: {result['password']}")
        print(f"  Console: /w/{workshop.slug}/console")
    return 0


def serve(host: str, port: int) -> int:
    from gevent import monkey

    monkey.patch_all()
    from . import create_app
    from .extensions import db
    from .live.connection import SERVER_ID
    from .services import accounts, presence

    app = create_app()
    with app.app_context():
        # One process owns every socket, so rows left by an earlier run are stale; with a shared
        # message queue only this process's own rows are (there are none yet)
        presence.forget_server(db.session, None if not app.config.get("MESSAGE_QUEUE") else SERVER_ID)
        db.session.commit()
        no_accounts = accounts.count_users(db.session) == 0
    if app.config.get("MESSAGE_QUEUE"):  # other processes serve too: notice when one of them dies
        from .live.liveness import Liveness

        Liveness(app, app.config["MESSAGE_QUEUE"]).start()
    url = f"http://{host}:{port}/"
    print(f"Workshop is running at {url}  (Ctrl+C to stop)", flush=True)
    print(f"Database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}", flush=True)
    if no_accounts:
        print("No accounts yet: create one with  workshop create-user you@example.org --role facilitator",
              flush=True)
        print("  or load the demo meeting with   workshop demo", flush=True)
    server = _live_server(app, host, port, log="default" if os.environ.get("WORKSHOP_ACCESS_LOG") else None)
    # What start-up made lives as long as the process: keep it out of the collector's full passes, which
    # otherwise walk it all and stall every socket for a tenth of a second now and then
    gc.collect()
    gc.freeze()
    server.serve_forever()
    return 0


def _live_server(app, host: str, port: int, log):
    """gevent's WSGI server with WebSocket support, as Flask-SocketIO's `run` makes it, with Nagle's
    algorithm off on every connection (a frame must not wait for the client's delayed ACK of the one
    before, tens of milliseconds) and a room's events written as frames encoded once (live.websocket_frames)."""
    import socket
    from contextlib import suppress

    from gevent import pywsgi

    from .live.websocket_frames import framed_handler

    class Server(pywsgi.WSGIServer):
        def handle(self, sock, address):
            with suppress(OSError):  # not TCP (a Unix socket): nothing to turn off
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().handle(sock, address)

    return Server((host, port), app, handler_class=framed_handler(), log=log)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="workshop", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="run the server (gevent, one process)")
    serve_cmd.add_argument("--host", default=os.environ.get("WORKSHOP_HOST", "127.0.0.1"))
    serve_cmd.add_argument("--port", type=int, default=int(os.environ.get("WORKSHOP_PORT", "5000")))
    commands.add_parser("demo", help="load the demo meeting and print its codes")
    user_cmd = commands.add_parser("create-user", help="create a facilitator or secretariat account")
    user_cmd.add_argument("email")
    user_cmd.add_argument("--role", default="facilitator", help="a staff role (default: facilitator)")
    user_cmd.add_argument("--name", default="")
    user_cmd.add_argument("--password-stdin", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "create-user":
        # the roles are read here, not at import: `serve` must patch gevent in before SQLAlchemy is imported
        from .services.rights import STAFF_ROLES

        if args.role not in STAFF_ROLES:
            user_cmd.error(f"argument --role: invalid choice: {args.role!r} (choose from {', '.join(STAFF_ROLES)})")

    if args.command == "serve":
        return serve(args.host, args.port)
    from . import create_app

    app = create_app()
    if args.command == "demo":
        return load_demo(app)
    return create_user(app, args.email, args.role, args.name, args.password_stdin)


if __name__ == "__main__":
    sys.exit(main())
