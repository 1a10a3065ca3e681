"""The tiny backend: a plain-torch toy transformer with its own tokenizer (runs on 2 CPU cores)."""
