import type { AssignmentModel } from './assignmentModel.js';
import { arcsByCost, FloorPrices, pricedOptions, type MarketChoices, type PricedOptions, type ScanPartner } from './lagrangianBound.js';

/**
 * A warm start for the prices: each over-demanded bin raises its price just enough that the items
 * preferring it fit its capacity (the item that would overflow is priced out toward its next
 * option), like one round of an auction. A few rounds bring penalty-dominated models, where the
 * right prices are the values of the cases left out, close to the LP prices far faster than small
 * subgradient steps from zero; the subgradient method then finishes. The prices are only a start:
 * every bound is still computed by evaluateDual.
 */
export function clearMarket(model: AssignmentModel, price: Float64Array, rounds: number, partner: ScanPartner | null = null): void {
  const choices: MarketChoices = { bin: new Int32Array(model.itemCount), weight: new Float64Array(model.itemCount), switchPrice: new Float64Array(model.itemCount) };
  const { bin: bestBin, weight: bestWeight, switchPrice } = choices;
  // With a partner, its thread chooses for the items from its firstItem on while this one chooses for the rest.
  const ownItems = partner ? partner.firstItem : model.itemCount;
  for (let round = 0; round < rounds; round++) {
    const demand = new Float64Array(model.binCount);
    partner?.beginMarket(price);
    chooseInMarket(model, price, 0, ownItems, choices);
    partner?.endMarket(choices);
    for (let item = 0; item < model.itemCount; item++) if (bestBin[item] !== -1) demand[bestBin[item]!] += bestWeight[item]!;
    const members: number[][] = Array.from({ length: model.binCount }, () => []);
    for (let item = 0; item < model.itemCount; item++) if (bestBin[item] !== -1) members[bestBin[item]!]!.push(item);
    let changed = false;
    for (let bin = 0; bin < model.binCount; bin++) {
      if (demand[bin]! <= model.binCapacity[bin]!) continue;
      const list = members[bin]!.sort((a, b) => switchPrice[b]! - switchPrice[a]!);
      let load = 0;
      for (const item of list) {
        load += bestWeight[item]!;
        if (load > model.binCapacity[bin]! + 1e-9) {
          // Price out this item and every one that values the bin less.
          if (switchPrice[item]! > price[bin]!) {
            price[bin] = switchPrice[item]!;
            changed = true;
          }
          break;
        }
      }
    }
    if (!changed) return;
  }
}

/** The choices of items `from` .. `to` − 1 at these prices, into `into` at index item − offset. */
export function chooseInMarket(model: AssignmentModel, price: Float64Array, from: number, to: number, into: MarketChoices, offset = 0): void {
  const floors = new FloorPrices(model, price);
  const view = arcsByCost(model);
  const options: PricedOptions = { best: 0, second: 0, arcOfBest: -1, arcOfSecond: -1 };
  for (let item = from; item < to; item++) {
    into.bin[item - offset] = -1;
    if (model.itemPinnedArc[item] !== -1) continue;
    const { best, second, arcOfBest } = pricedOptions(model, view, price, floors, item, options);
    if (arcOfBest === -1 || !Number.isFinite(second)) continue;
    const bin = model.arcBin[arcOfBest]!;
    const weight = model.arcWeight[arcOfBest]!;
    into.bin[item - offset] = bin;
    into.weight[item - offset] = weight;
    // The bin price at which this item would rather take its next option.
    into.switchPrice[item - offset] = price[bin]! + (second - best) / weight;
  }
}
