"""Demo directories, one module per jurisdiction, read by ``fazhi.demo.directory``.

Units the seed plans name are real; the 镇/街道/园区 and the group members are sample data
(``is_sample``), because the plans only say “各镇（园区）” without listing them.
"""

from fazhi.demo.directories import suixi, tunxi

DIRECTORIES = {suixi.JURISDICTION["name"]: suixi, tunxi.JURISDICTION["name"]: tunxi}
