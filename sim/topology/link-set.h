#ifndef EESIM_SIM_TOPOLOGY_LINK_SET_H
#define EESIM_SIM_TOPOLOGY_LINK_SET_H

namespace eesim
{

/**
 * The links of one link type in a run, made by the type's registered factory (see
 * link-type.h): what it installs for the links that carry features that way, and the SNR a
 * transmission on them would see.
 */
class LinkSet
{
  public:
    virtual ~LinkSet() = default;

    /** Installs what features from node `from` to node `to` need; called once per pair, in the
     *  order of ScenarioLinks. */
    virtual void Install(int from, int to) = 0;
    /** Called after the last Install: fixes the random streams of what was installed. */
    virtual void Finish() {}
    /** SNR (dB) a transmission from `from` to `to` would see at time `seconds`. */
    virtual double SnrDb(int from, int to, double seconds) const = 0;
};

} // namespace eesim

#endif
