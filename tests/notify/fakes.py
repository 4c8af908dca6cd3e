"""What the robot transports' ``urlopen`` gets back in tests."""

import io


class FakeResponse(io.BytesIO):
    """A robot's HTTP answer, usable as ``with urlopen(...) as response``."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
