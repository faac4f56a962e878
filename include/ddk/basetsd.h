/* The miniport kit: the WDK's basetsd.h types are all in ntdef.h. */
#include <ntdef.h>
