/* Bus topology (declared bus counts, translation windows) and host RAM. */
#include "internal.h"

ULONG seam_bus_limit(INTERFACE_TYPE type)
{
	PLAT_CALLED();
	for (uint32_t i = 0; i < P.config.nlimits; i++)
		if (P.config.limits[i].type == (int32_t)type)
			return P.config.limits[i].count;
	return 0;
}

const SEAM_WINDOW *seam_bus_windows(INTERFACE_TYPE type, ULONG number, size_t *count)
{
	PLAT_CALLED();
	/* The config lists windows flat, each naming its bus: gather this
	 * bus's into a scratch view that lives in the platform state. */
	SEAM_WINDOW *view = P.window_view;
	size_t n = 0;
	for (uint32_t i = 0; i < P.config.nwindows; i++) {
		const mf_window_config *w = &P.config.windows[i];
		if (w->type == (int32_t)type && w->number == number)
			view[n++] = w->win;
	}
	*count = n;
	return view;
}

size_t seam_bus_list(SEAM_BUS *buses, size_t cap)
{
	PLAT_CALLED();
	size_t n = 0;
	for (uint32_t i = 0; i < P.config.nwindows; i++) {
		const mf_window_config *w = &P.config.windows[i];
		bool seen = false;
		for (uint32_t j = 0; j < i && !seen; j++)
			seen = P.config.windows[j].type == w->type && P.config.windows[j].number == w->number;
		if (seen)
			continue;
		if (n < cap)
			buses[n] = (SEAM_BUS){(INTERFACE_TYPE)w->type, w->number};
		n++;
	}
	return n;
}

bool seam_bus_translate(INTERFACE_TYPE type, ULONG number, uint64_t bus_address,
			uint64_t *sys_address)
{
	PLAT_CALLED();
	if (plat_fault_should_fail(MF_SITE_BUS_TRANSLATE))
		return false;
	for (uint32_t i = 0; i < P.config.nwindows; i++) {
		const mf_window_config *w = &P.config.windows[i];
		if (w->type != (int32_t)type || w->number != number)
			continue;
		if (bus_address >= w->win.bus_base &&
		    bus_address - w->win.bus_base < w->win.length) {
			*sys_address = w->win.sys_base + (bus_address - w->win.bus_base);
			return true;
		}
	}
	return false;
}

size_t seam_ram_count(void)
{
	PLAT_CALLED();
	return P.config.nram;
}

SEAM_RANGE seam_ram_at(size_t index)
{
	PLAT_CALLED();
	SEAM_RANGE none = {0, 0};
	return index < P.config.nram ? P.config.ram[index] : none;
}
