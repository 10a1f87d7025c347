"""The bottom layer: what every app may import and that imports none of them."""
