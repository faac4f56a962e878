/* The miniport kit: the WDK's specstrings.h names nothing beyond sal.h here. */
#include <sal.h>
