import { regionEntry } from '../../common/regions';
import { runCity } from '../city/runCity';

void runCity(regionEntry('SHANGHAI'));
