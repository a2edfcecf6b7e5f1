"""Workshop: live facilitation and drafting for intergovernmental expert meetings."""


def create_app(test_config=None):
    """Build the Flask app (imports stay inside so `workshop serve` can patch gevent first)."""
    from .app import build_app

    return build_app(test_config)
