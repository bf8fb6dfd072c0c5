"""What ImCLASS's scene generators share: their command line, OUTDIR [--seed N] [--size PIXELS]."""
import argparse
import os


def scene_arguments(doc, seed, size):
    """The parsed arguments: outdir (created), seed, size."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--size", type=int, default=size, help="image side in pixels (10 m)")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    return args
