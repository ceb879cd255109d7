"""The room's screen: `buurt project FILE` and `buurt serve FILE --projector`."""
