"""The hf backend: any causal LM that transformers loads; LoRA (peft) or full fine-tuning.
transformers and peft are imported only when this backend is chosen."""
