"""``flask demo generate``: reproducible synthetic offers for benchmarks."""

import click
from flask.cli import AppGroup

from .common import in_transaction

demo_cli = AppGroup("demo", help="Demo and benchmark data.")


@demo_cli.command("generate")
@click.option("--offers", "offer_count", type=click.IntRange(1, 1_000_000), required=True)
@click.option("--seed", type=int, default=1, show_default=True)
def generate_command(offer_count: int, seed: int) -> None:
    """Add a reproducible synthetic data set of N offers (for benchmarks), replacing an earlier one."""
    from ..importers.synthetic import generate_offers

    count = in_transaction(lambda: generate_offers(offer_count, seed=seed))
    click.echo(f"demo: generated {count} synthetic offers (seed {seed})")
