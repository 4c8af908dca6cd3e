"""How to reach a unit: its configured channels, its clerks' e-mail, and one transport per way of sending."""
