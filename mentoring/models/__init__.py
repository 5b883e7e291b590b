from .organizations import *  # noqa: F403
from .organizations import default_reminder_days, validate_reminder_days  # noqa: F401
from .pairs import *  # noqa: F403
from .people import *  # noqa: F403
from .submissions import *  # noqa: F403
from .transfer import *  # noqa: F403
